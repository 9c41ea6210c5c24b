/**
 * Procedures (TTPs) on a case or an alert, one or several in one transaction
 * (`POST /case/{id}/procedure[s]`, `POST /alert/{id}/procedure[s]`), permission `manageProcedure`.
 */
import { badRequest, formatId } from '@propolis/core';
import type { Transaction } from 'kysely';
import { insertProcedures, type ProcedureRow } from '../../db/repositories/procedures.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { visibleAlert } from '../alerts/guards.js';
import { visibleCase } from '../cases/guards.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { type CheckedProcedure, checkProcedure, type ProcedureInput } from './procedure-input.js';
import { type ProcedureView, toProcedureViews } from './procedure-view.js';

export type ProcedureParent = { caseId: string } | { alertId: string };

export const MAX_PROCEDURES = 1000;

/** Inserts checked procedures inside the caller's transaction (alert creation uses it too). */
export async function insertCheckedProcedures(
  trx: Transaction<Database>,
  ctx: RequestContext,
  parent: { caseId: number } | { alertId: number },
  procedures: CheckedProcedure[],
  now: number,
): Promise<ProcedureRow[]> {
  const rows = await insertProcedures(
    trx,
    procedures.map((p) => ({
      organisation_id: ctx.actor.organisationId,
      case_id: 'caseId' in parent ? parent.caseId : null,
      alert_id: 'alertId' in parent ? parent.alertId : null,
      pattern_id: p.pattern.id,
      tactic: p.tactic,
      occur_date: p.occurDate,
      description: p.description,
      ...createdNow(ctx, now),
    })),
  );
  const rootId = formatId('caseId' in parent ? parent.caseId : parent.alertId);
  await appendAudit(
    trx,
    ctx,
    rows.map((r, i) => ({
      action: 'create' as const,
      objectType: 'Procedure',
      objectId: formatId(r.id),
      rootId,
      details: { patternId: procedures[i]!.pattern.pattern_id, tactic: r.tactic, occurDate: r.occur_date },
    })),
  );
  return rows;
}

export async function createProcedures(
  deps: Deps,
  ctx: RequestContext,
  parent: ProcedureParent,
  inputs: ProcedureInput[],
): Promise<ProcedureView[]> {
  requirePermission(ctx, 'manageProcedure');
  if (inputs.length === 0) throw badRequest('procedures: at least one procedure is required');
  if (inputs.length > MAX_PROCEDURES) throw badRequest(`procedures: at most ${MAX_PROCEDURES} per request`);
  const target =
    'caseId' in parent
      ? { caseId: (await visibleCase(deps.db, ctx, parent.caseId)).id }
      : { alertId: (await visibleAlert(deps.db, ctx, parent.alertId)).id };
  const checked: CheckedProcedure[] = [];
  for (const [i, input] of inputs.entries())
    checked.push(
      await checkProcedure(deps.db, input, inputs.length === 1 ? 'procedure' : `procedures[${i}]`),
    );
  const rows = await inTransaction(deps, (trx) =>
    insertCheckedProcedures(trx, ctx, target, checked, Date.now()),
  );
  return toProcedureViews(deps.db, rows);
}
