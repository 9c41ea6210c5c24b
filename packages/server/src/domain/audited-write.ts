/**
 * The tail most commands end with: write one object and append its audit row in the same
 * transaction (the audit table is the outbox).
 */
import { formatId } from '@propolis/core';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Scope } from '../db/scope.js';
import { type AuditAction, type AuditEntry, appendAudit } from '../events/audit.js';
import { type RequestContext, scopeOf } from './context.js';
import { type Deps, inTransaction } from './deps.js';

/** The object an audit row speaks of: what was done, its type, row id, the case (or alert) it belongs to, details. */
export interface AuditedObject {
  action: AuditAction;
  objectType: string;
  id: number;
  rootId?: number | null;
  details?: Record<string, unknown>;
}

/** The audit row of one object, its ids as the API shows them. */
export function auditEntry(o: AuditedObject): AuditEntry {
  return {
    action: o.action,
    objectType: o.objectType,
    objectId: formatId(o.id),
    ...(o.rootId === undefined || o.rootId === null ? {} : { rootId: formatId(o.rootId) }),
    ...(o.details === undefined ? {} : { details: o.details }),
  };
}

/**
 * Runs `write` and appends the audit row of `o` (or of what `o` makes of the result, e.g. a row
 * just inserted) in one transaction; answers what `write` answers.
 */
export async function auditedWrite<T>(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  write: (trx: Transaction<Database>) => Promise<T>,
  o: AuditedObject | ((result: T) => AuditedObject),
): Promise<T> {
  return inTransaction(deps, async (trx) => {
    const result = await write(trx);
    await appendAudit(trx, ctx, [auditEntry(typeof o === 'function' ? o(result) : o)]);
    return result;
  });
}

/**
 * Deletes the row `o.id` of the caller's organisation with `remove` and appends its `delete` audit
 * row, in one transaction.
 */
export async function auditedDelete(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  remove: (trx: Transaction<Database>, scope: Scope, id: number) => Promise<unknown>,
  o: Omit<AuditedObject, 'action'>,
): Promise<void> {
  await auditedWrite(deps, ctx, (trx) => remove(trx, scopeOf(ctx), o.id), { action: 'delete', ...o });
}

/**
 * Deletes a row of a case (a task, a page, a custom event) with `remove` and appends its `delete`
 * audit row, the case as its root.
 */
export async function auditedCaseRowDelete(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  remove: (trx: Transaction<Database>, scope: Scope, id: number) => Promise<unknown>,
  objectType: string,
  row: { id: number; case_id: number | null },
  details?: Record<string, unknown>,
): Promise<void> {
  await auditedDelete(deps, ctx, remove, { objectType, id: row.id, rootId: row.case_id, details });
}
