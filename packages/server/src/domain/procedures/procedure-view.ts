/**
 * A procedure with its pattern (and the pattern's parent technique), read for the page at once.
 */
import type { Kysely } from 'kysely';
import { findPatternsByIds, type PatternRow } from '../../db/repositories/patterns.js';
import type { ProcedureRow } from '../../db/repositories/procedures.js';
import type { Database } from '../../db/schema.js';

export interface ProcedureView {
  row: ProcedureRow;
  pattern: PatternRow;
  parent?: PatternRow;
}

export async function toProcedureViews(db: Kysely<Database>, rows: ProcedureRow[]): Promise<ProcedureView[]> {
  const patterns = new Map(
    (
      await findPatternsByIds(
        db,
        rows.map((r) => r.pattern_id),
      )
    ).map((p) => [p.id, p]),
  );
  const parentIds = [...patterns.values()].map((p) => p.parent_id).filter((id): id is number => id !== null);
  for (const p of await findPatternsByIds(
    db,
    parentIds.filter((id) => !patterns.has(id)),
  ))
    patterns.set(p.id, p);
  return rows.map((row) => {
    const pattern = patterns.get(row.pattern_id)!;
    const parent = pattern.parent_id === null ? undefined : patterns.get(pattern.parent_id);
    return { row, pattern, ...(parent ? { parent } : {}) };
  });
}
