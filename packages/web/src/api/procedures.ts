/** ATT&CK patterns and a case's procedures (TTPs; TheHive 5 routes, docs/collaboration.md). */
import type { PatternImportOutput, PatternOutput, ProcedureOutput } from '@propolis/core';
import { api } from './calls';
import { client } from './http';

export type Pattern = PatternOutput;
export type Procedure = ProcedureOutput;

export const procedures = {
  ofCase: (caseId: string) =>
    api
      .query<Procedure>([
        { _name: 'getCase', idOrName: caseId },
        { _name: 'procedures' },
        { _name: 'sort', _fields: [{ occurDate: 'asc' }] },
      ])
      .then((r) => r.rows),
  add: (
    caseId: string,
    body: { patternId: string; occurDate: number; tactic?: string; description?: string },
  ) => client.procedure.addToCase(caseId, body),
  remove: (id: string) => client.procedure.delete(id),
  /** Techniques whose ATT&CK id or name contains the text (the first 20). */
  findPatterns: (text: string) =>
    api
      .query<Pattern>([
        { _name: 'listPattern' },
        {
          _name: 'filter',
          _or: [
            { _like: { _field: 'patternId', _value: `${text}*` } },
            { _like: { _field: 'name', _value: `*${text}*` } },
          ],
        },
        { _name: 'sort', _fields: [{ patternId: 'asc' }] },
        { _name: 'page', from: 0, to: 20 },
      ])
      .then((r) => r.rows),
  importAttack: (file: File): Promise<PatternImportOutput> =>
    client.pattern.importAttack({ name: file.name, data: file, contentType: 'application/json' }),
};
