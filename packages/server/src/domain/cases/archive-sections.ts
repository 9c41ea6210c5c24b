/**
 * The collaboration sections of the case archive (docs/case-export.md): the case's pages, comments,
 * procedures (by ATT&CK id, resolved against the importing platform's catalog) and custom events,
 * each row with its dates and authors as exported.
 */
import { badRequest } from '@propolis/core';
import type { Insertable } from 'kysely';
import type {
  CommentTable,
  CustomEventTable,
  PageTable,
  ProcedureTable,
} from '../../db/collaboration-schema.js';
import { commentsOfCase, insertComments } from '../../db/repositories/comments.js';
import { customEventsOfCase, insertCustomEvents } from '../../db/repositories/custom-events.js';
import { insertPages, listPages } from '../../db/repositories/pages.js';
import { findPatternsByIds, patternsByPatternId } from '../../db/repositories/patterns.js';
import { insertProcedures, proceduresOfCase } from '../../db/repositories/procedures.js';
import { type Columns, columnsOf, registerCaseArchiveSection } from './case-archive.js';

/** A row of a case's table as the archive holds it: no keys. */
type Row<T> = Omit<Insertable<T>, 'id' | 'organisation_id' | 'case_id' | 'alert_id' | 'pattern_id'>;

type Kind = 'string' | 'number' | 'string?' | 'number?';

/** The rows of a section as the archive holds them, checked column by column. */
function rowsOf<T>(section: string, data: unknown, columns: Record<string, Kind>): T[] {
  if (!Array.isArray(data)) throw badRequest(`file: the archive's ${section} section is not a list`);
  return data.map((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw badRequest(`file: the archive's ${section}[${i}] is not an object`);
    const out: Columns = {};
    for (const [name, kind] of Object.entries(columns)) {
      const value = (row as Columns)[name];
      const optional = kind.endsWith('?');
      const type = kind.replace('?', '');
      if ((value === null || value === undefined) && optional) out[name] = null;
      else if (typeof value === type && (type !== 'number' || Number.isFinite(value))) out[name] = value;
      else throw badRequest(`file: the archive's ${section}[${i}].${name} must be a ${type}`);
    }
    return out as T;
  });
}

const AUDITED: Record<string, Kind> = {
  created_at: 'number',
  created_by: 'string',
  updated_at: 'number?',
  updated_by: 'string?',
};
const KEYS = ['id', 'organisation_id', 'case_id', 'alert_id'];

registerCaseArchiveSection({
  name: 'pages',
  export: async (db, scope, caseId) => (await listPages(db, scope, caseId)).map((p) => columnsOf(p, KEYS)),
  async import(trx, ctx, caseId, data) {
    const rows = rowsOf<Row<PageTable>>('pages', data, {
      title: 'string',
      category: 'string',
      content: 'string',
      order: 'number',
      ...AUDITED,
    });
    await insertPages(
      trx,
      rows.map((r) => ({ ...r, organisation_id: ctx.actor.organisationId, case_id: caseId })),
    );
  },
});

registerCaseArchiveSection({
  name: 'comments',
  export: async (db, scope, caseId) =>
    (await commentsOfCase(db, scope, caseId)).map((c) => columnsOf(c, KEYS)),
  async import(trx, ctx, caseId, data) {
    const rows = rowsOf<Row<CommentTable>>('comments', data, {
      message: 'string',
      is_edited: 'number',
      ...AUDITED,
    });
    await insertComments(
      trx,
      rows.map((r) => ({
        ...r,
        organisation_id: ctx.actor.organisationId,
        case_id: caseId,
        alert_id: null,
      })),
    );
  },
});

registerCaseArchiveSection({
  name: 'procedures',
  async export(db, scope, caseId) {
    const rows = await proceduresOfCase(db, scope, caseId);
    const patterns = new Map(
      (await findPatternsByIds(db, [...new Set(rows.map((r) => r.pattern_id))])).map((p) => [p.id, p]),
    );
    return rows.map((r) => ({
      ...columnsOf(r, [...KEYS, 'pattern_id']),
      patternId: patterns.get(r.pattern_id)?.pattern_id ?? null,
    }));
  },
  async import(trx, ctx, caseId, data) {
    const rows = rowsOf<Row<ProcedureTable> & { patternId: string }>('procedures', data, {
      patternId: 'string',
      tactic: 'string?',
      occur_date: 'number',
      description: 'string?',
      ...AUDITED,
    });
    const catalog = await patternsByPatternId(trx);
    const missing = [...new Set(rows.map((r) => r.patternId).filter((id) => !catalog.has(id)))];
    if (missing.length > 0)
      throw badRequest(
        `file: the archive's procedures use ${missing.join(', ')}, not in this platform's ATT&CK catalog: import the catalog first (POST /api/v1/pattern/import/attack)`,
      );
    await insertProcedures(
      trx,
      rows.map(({ patternId, ...r }) => ({
        ...r,
        pattern_id: catalog.get(patternId)!.id,
        organisation_id: ctx.actor.organisationId,
        case_id: caseId,
        alert_id: null,
      })),
    );
  },
});

registerCaseArchiveSection({
  name: 'customEvents',
  export: async (db, scope, caseId) =>
    (await customEventsOfCase(db, scope, caseId)).map((e) => columnsOf(e, KEYS)),
  async import(trx, ctx, caseId, data) {
    const rows = rowsOf<Row<CustomEventTable>>('customEvents', data, {
      date: 'number',
      end_date: 'number?',
      title: 'string',
      description: 'string?',
      ...AUDITED,
    });
    await insertCustomEvents(
      trx,
      rows.map((r) => ({ ...r, organisation_id: ctx.actor.organisationId, case_id: caseId })),
    );
  },
});
