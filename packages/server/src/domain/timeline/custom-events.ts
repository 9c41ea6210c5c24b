/**
 * Custom events of a case's timeline (`POST /case/{id}/customEvent`, `PATCH|DELETE
 * /customEvent/{id}`), with `manageCustomEvent` (implied by `manageCase`): a date, an optional end, a title and a description.
 */
import { badRequest, formatId, MAX_LONG_TEXT, MAX_TITLE, notFound } from '@propolis/core';
import {
  type CustomEventRow,
  deleteCustomEvent as deleteRow,
  findCustomEvent,
  insertCustomEvent,
  updateCustomEvent as updateRow,
} from '../../db/repositories/custom-events.js';
import { appendAudit } from '../../events/audit.js';
import { auditedCaseRowDelete, auditedWrite } from '../audited-write.js';
import { visibleCase } from '../cases/guards.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkDate, checkLength, checkText } from '../input-rules.js';

export interface CustomEventInput {
  date?: number;
  endDate?: number | null;
  title?: string;
  description?: string | null;
}

function checkEnd(date: number, endDate: number | null | undefined): number | null {
  if (endDate === undefined || endDate === null) return null;
  checkDate(endDate, 'endDate');
  if (endDate < date) throw badRequest('endDate: must not be before date');
  return endDate;
}

export async function createCustomEvent(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  input: CustomEventInput,
): Promise<CustomEventRow> {
  requirePermission(ctx, 'manageCustomEvent');
  const kase = await visibleCase(deps.db, ctx, caseId);
  if (input.date === undefined) throw badRequest('date: is required');
  const date = checkDate(input.date, 'date');
  const values = {
    date,
    end_date: checkEnd(date, input.endDate),
    title: checkText(input.title, 'title', MAX_TITLE),
    description: checkLength(input.description ?? null, 'description', MAX_LONG_TEXT),
  };
  const now = Date.now();
  return inTransaction(deps, async (trx) => {
    const row = await insertCustomEvent(trx, {
      organisation_id: ctx.actor.organisationId,
      case_id: kase.id,
      ...values,
      ...createdNow(ctx, now),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'CustomEvent',
        objectId: formatId(row.id),
        rootId: formatId(kase.id),
        details: { title: values.title, date },
      },
    ]);
    return row;
  });
}

async function visibleEvent(deps: Deps, ctx: RequestContext, id: string): Promise<CustomEventRow> {
  const row = await findCustomEvent(deps.db, scopeOf(ctx), id);
  if (!row) throw notFound(`Custom event ${id} not found`);
  return row;
}

export async function updateCustomEvent(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: CustomEventInput,
): Promise<CustomEventRow> {
  requirePermission(ctx, 'manageCustomEvent');
  const row = await visibleEvent(deps, ctx, id);
  const date = input.date === undefined ? row.date : checkDate(input.date, 'date');
  const changes: Partial<CustomEventRow> = { date };
  changes.end_date =
    input.endDate === undefined ? checkEnd(date, row.end_date) : checkEnd(date, input.endDate);
  if (input.title !== undefined) changes.title = checkText(input.title, 'title', MAX_TITLE);
  if (input.description !== undefined)
    changes.description = checkLength(input.description, 'description', MAX_LONG_TEXT);
  const now = Date.now();
  await auditedWrite(
    deps,
    ctx,
    (trx) =>
      updateRow(trx, scopeOf(ctx), row.id, { ...changes, updated_at: now, updated_by: ctx.actor.login }),
    { action: 'update', objectType: 'CustomEvent', id: row.id, rootId: row.case_id, details: { ...input } },
  );
  return { ...row, ...changes, updated_at: now, updated_by: ctx.actor.login };
}

export async function deleteCustomEvent(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageCustomEvent');
  const row = await visibleEvent(deps, ctx, id);
  await auditedCaseRowDelete(deps, ctx, deleteRow, 'CustomEvent', row);
}
