/**
 * Changing and deleting procedures (`PATCH|DELETE /procedure/{id}`, `POST /procedure/delete/_bulk`).
 */
import { badRequest, formatId, MAX_LONG_TEXT, notFound, parseId } from '@propolis/core';
import { findPatternsByIds } from '../../db/repositories/patterns.js';
import {
  deleteProcedures,
  findProcedure,
  findProceduresByIds,
  type ProcedureRow,
  updateProcedure as updateRow,
} from '../../db/repositories/procedures.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkDate, checkLength } from '../input-rules.js';
import { checkTactic, type ProcedureInput, resolvePattern } from './procedure-input.js';
import { type ProcedureView, toProcedureViews } from './procedure-view.js';

/** A procedure the caller reaches: to read (shared cases' included) or to write (its own). */
export async function visibleProcedure(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  access: 'read' | 'write' = 'write',
): Promise<ProcedureRow> {
  const row = await findProcedure(deps.db, access === 'read' ? readScopeOf(ctx) : scopeOf(ctx), id);
  if (!row) throw notFound(`Procedure ${id} not found`);
  return row;
}

const rootOf = (row: ProcedureRow) => formatId((row.case_id ?? row.alert_id)!);

export async function updateProcedure(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: ProcedureInput,
): Promise<ProcedureView> {
  requirePermission(ctx, 'manageProcedure');
  const row = await visibleProcedure(deps, ctx, id);
  const pattern =
    input.patternId !== undefined
      ? await resolvePattern(deps.db, input.patternId, 'patternId')
      : (await findPatternsByIds(deps.db, [row.pattern_id]))[0]!;
  const changes: Partial<ProcedureRow> = {};
  if (pattern.id !== row.pattern_id) changes.pattern_id = pattern.id;
  if (input.tactic !== undefined || changes.pattern_id !== undefined)
    changes.tactic = checkTactic(
      pattern,
      input.tactic ?? (changes.pattern_id ? undefined : (row.tactic ?? undefined)),
      'tactic',
    );
  if (input.occurDate !== undefined) changes.occur_date = checkDate(input.occurDate, 'occurDate');
  if (input.description !== undefined)
    changes.description = checkLength(input.description, 'description', MAX_LONG_TEXT);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateRow(trx, scopeOf(ctx), row.id, { ...changes, updated_at: now, updated_by: ctx.actor.login });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Procedure',
        objectId: formatId(row.id),
        rootId: rootOf(row),
        details: { ...input },
      },
    ]);
  });
  const [view] = await toProcedureViews(deps.db, [
    { ...row, ...changes, updated_at: now, updated_by: ctx.actor.login },
  ]);
  return view!;
}

/** Deletes procedures of the organisation; every id must name one (else nothing is deleted). */
export async function deleteProceduresById(deps: Deps, ctx: RequestContext, ids: string[]): Promise<void> {
  requirePermission(ctx, 'manageProcedure');
  const numbers = ids.map((id) => {
    const n = parseId(id);
    if (n === undefined) throw badRequest(`ids: "${id}" is not a procedure id (~n)`);
    return n;
  });
  const rows = await findProceduresByIds(deps.db, scopeOf(ctx), numbers);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((_id, i) => !found.has(numbers[i]!));
  if (missing.length > 0) throw notFound(`Procedure ${missing.join(', ')} not found`);
  await inTransaction(deps, async (trx) => {
    await deleteProcedures(
      trx,
      scopeOf(ctx),
      rows.map((r) => r.id),
    );
    await appendAudit(
      trx,
      ctx,
      rows.map((r) => ({
        action: 'delete' as const,
        objectType: 'Procedure',
        objectId: formatId(r.id),
        rootId: rootOf(r),
      })),
    );
  });
}

/** One procedure, as a read sees it (those of the cases shared with the organisation included). */
export async function getProcedure(deps: Deps, ctx: RequestContext, id: string): Promise<ProcedureView> {
  const [view] = await toProcedureViews(deps.db, [await visibleProcedure(deps, ctx, id, 'read')]);
  return view!;
}
