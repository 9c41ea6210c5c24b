/**
 * Objects a member owns and keeps `Private` (its owner only) or `Shared` with the organisation:
 * dashboards and saved list views. The status rule, the lookup by id and the audited update they
 * have in common; who may write which is each one's own rule.
 */
import { badRequest, forbidden, notFound, parseId } from '@propolis/core';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Scope } from '../db/scope.js';
import { auditedWrite } from './audited-write.js';
import { type RequestContext, scopeOf } from './context.js';
import type { Deps } from './deps.js';

export const OWNED_STATUSES = ['Private', 'Shared'] as const;

export interface OwnedRow {
  id: number;
  owner: string;
}

/** `Private` or `Shared` in any letter case; undefined when not given. */
export function checkOwnedStatus(status: string | undefined): string | undefined {
  if (status === undefined) return undefined;
  const s = OWNED_STATUSES.find((x) => x.toLowerCase() === status.toLowerCase());
  if (!s) throw badRequest(`status: "${status}" is not one of ${OWNED_STATUSES.join(', ')}`);
  return s;
}

/** The object of id `id` the caller sees (`find` applies the owner and organisation rule), or a 404. */
export async function visibleOwned<R>(
  what: string,
  id: string,
  find: (n: number) => Promise<R | undefined>,
): Promise<R> {
  const n = parseId(id);
  const row = n === undefined ? undefined : await find(n);
  if (!row) throw notFound(`${what} ${id} not found`);
  return row;
}

/**
 * Writes the changes `set` of an object the caller may write, stamped and audited; only the owner
 * makes it private. Answers the stamps written.
 */
export async function updateOwned<R extends OwnedRow>(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  o: {
    what: string;
    id: string;
    row: R;
    objectType: string;
    set: Record<string, unknown>;
    details: Record<string, unknown>;
    update(
      trx: Transaction<Database>,
      scope: Scope,
      id: number,
      changes: Record<string, unknown>,
    ): Promise<unknown>;
  },
): Promise<{ updated_at: number; updated_by: string }> {
  if (o.set.status === 'Private' && o.row.owner !== ctx.actor.login)
    throw forbidden(`${o.what} ${o.id} belongs to ${o.row.owner}: only its owner makes it private`);
  const stamps = { updated_at: Date.now(), updated_by: ctx.actor.login };
  await auditedWrite(deps, ctx, (trx) => o.update(trx, scopeOf(ctx), o.row.id, { ...o.set, ...stamps }), {
    action: 'update',
    objectType: o.objectType,
    id: o.row.id,
    details: o.details,
  });
  return stamps;
}
