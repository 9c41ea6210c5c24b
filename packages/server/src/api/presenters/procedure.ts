/**
 * Procedures on the wire (TheHive 5 OutputProcedure): the pattern's ATT&CK id and name, the
 * tactic and its label; extraData `pattern`, `patternParent`, `patternTactics` when asked.
 */
import { type ExtraData, formatId, type ProcedureOutput } from '@propolis/core';
import { tacticLabel } from '../../domain/patterns/stix-bundle.js';
import type { ProcedureView } from '../../domain/procedures/procedure-view.js';
import { auditedRow, metaV1, optional } from './meta.js';
import { patternRowV1 } from './pattern.js';

export function procedureV1(view: ProcedureView, extraData: ExtraData = {}): ProcedureOutput {
  const { row, pattern } = view;
  const out: ProcedureOutput = {
    ...metaV1(formatId(row.id), 'Procedure', auditedRow(row)),
    occurDate: row.occur_date,
    patternId: pattern.pattern_id,
    patternName: pattern.name,
    extraData,
  };
  optional(out, 'description', row.description);
  if (row.tactic !== null) {
    out.tactic = row.tactic;
    out.tacticLabel = tacticLabel(row.tactic);
  }
  return out;
}

/** The extraData of a procedure a query page asks for. */
export function procedureExtra(view: ProcedureView, names: Set<string>): ExtraData {
  const out: ExtraData = {};
  if (names.has('pattern')) out.pattern = patternRowV1(view.pattern, view.parent);
  if (names.has('patternParent') && view.parent) out.patternParent = patternRowV1(view.parent);
  if (names.has('patternTactics'))
    out.patternTactics = (JSON.parse(view.pattern.tactics) as string[]).map((t) => ({
      tactic: t,
      label: tacticLabel(t),
    }));
  if (names.has('tactic') && view.row.tactic !== null) out.tactic = tacticLabel(view.row.tactic);
  return out;
}
