/**
 * The checks of a procedure: a known pattern (by ATT&CK id), one of its tactics (any spelling of
 * the name; the pattern's first tactic when none is given), an occurrence date, a description.
 */
import { badRequest, MAX_LONG_TEXT } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findPattern, type PatternRow } from '../../db/repositories/patterns.js';
import type { Database } from '../../db/schema.js';
import { checkDate, checkLength } from '../input-rules.js';
import { normaliseTactic, tacticLabel } from '../patterns/stix-bundle.js';

export interface ProcedureInput {
  occurDate?: number;
  patternId?: string;
  tactic?: string;
  description?: string;
}

export interface CheckedProcedure {
  pattern: PatternRow;
  tactic: string | null;
  occurDate: number;
  description: string | null;
}

export async function resolvePattern(
  db: Kysely<Database>,
  patternId: string,
  field: string,
): Promise<PatternRow> {
  const pattern =
    typeof patternId === 'string' && patternId.trim() ? await findPattern(db, patternId.trim()) : undefined;
  if (!pattern)
    throw badRequest(
      `${field}: unknown pattern "${patternId}"; use an ATT&CK id of the catalog (POST /api/v1/pattern/import/attack loads it)`,
    );
  return pattern;
}

export function checkTactic(pattern: PatternRow, tactic: string | undefined, field: string): string | null {
  const tactics = JSON.parse(pattern.tactics) as string[];
  if (tactic === undefined || tactic === null || tactic.trim() === '') return tactics[0] ?? null;
  const t = normaliseTactic(tactic);
  if (tactics.length > 0 && !tactics.includes(t))
    throw badRequest(
      `${field}: "${tactic}" is not a tactic of ${pattern.pattern_id}; its tactics: ${tactics.map(tacticLabel).join(', ')}`,
    );
  return t;
}

export async function checkProcedure(
  db: Kysely<Database>,
  input: ProcedureInput,
  field = 'procedure',
): Promise<CheckedProcedure> {
  if (typeof input !== 'object' || input === null) throw badRequest(`${field}: must be an object`);
  if (input.occurDate === undefined) throw badRequest(`${field}.occurDate: is required`);
  const pattern = await resolvePattern(db, input.patternId as string, `${field}.patternId`);
  return {
    pattern,
    tactic: checkTactic(pattern, input.tactic, `${field}.tactic`),
    occurDate: checkDate(input.occurDate, `${field}.occurDate`),
    description: checkLength(input.description ?? null, `${field}.description`, MAX_LONG_TEXT),
  };
}
