/**
 * Objects a member owns and keeps `Private` (its owner only) or `Shared` with the organisation:
 * dashboards and saved list views. What they have in common (the status rule, the lookup by id,
 * the audited update and delete) is written here once, over a description of each kind; who may
 * write which stays each kind's own rule.
 */
import { badRequest, type CheckedPermission, forbidden, notFound, parseId } from '@propolis/core';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Scope } from '../db/scope.js';
import { auditedDelete, auditedWrite } from './audited-write.js';
import { type RequestContext, requirePermission, scopeOf } from './context.js';
import type { Deps } from './deps.js';

export const OWNED_STATUSES = ['Private', 'Shared'] as const;

export interface OwnedRow {
  id: number;
  owner: string;
}

/** One kind of owned object: its names, its repository functions and its write rule. */
export interface OwnedKind<R extends OwnedRow> {
  /** As messages name it ("Dashboard 12 not found"). */
  what: string;
  /** As the audit trail names it. */
  objectType: string;
  find(db: Deps['db'], scope: Scope, login: string, id: number): Promise<R | undefined>;
  update(
    trx: Transaction<Database>,
    scope: Scope,
    id: number,
    changes: Record<string, unknown>,
  ): Promise<void>;
  remove(trx: Transaction<Database>, scope: Scope, id: number): Promise<void>;
  /** The permission any change needs, checked before anything is read. */
  permission?: CheckedPermission;
  /** Why the caller may not change the row `id`, or undefined when it may. */
  refusal(ctx: RequestContext, row: R, id: string): string | undefined;
}

/** `Private` or `Shared` in any letter case; undefined when not given. */
export function checkOwnedStatus(status: string | undefined): string | undefined {
  if (status === undefined) return undefined;
  const s = OWNED_STATUSES.find((x) => x.toLowerCase() === status.toLowerCase());
  if (!s) throw badRequest(`status: "${status}" is not one of ${OWNED_STATUSES.join(', ')}`);
  return s;
}

type Lookup<R> = (deps: Pick<Deps, 'db'>, ctx: RequestContext, id: string) => Promise<R>;

/** The operations on one kind of owned object. */
export interface OwnedObjects<R extends OwnedRow> {
  /** The object of id `id` the caller sees, or a 404. */
  visible: Lookup<R>;
  /** The object of id `id` the caller may change, or a 403 or 404. */
  writable: Lookup<R>;
  /**
   * Writes the changes `set` of an object the caller may write, stamped and audited with `details`;
   * only the owner makes it private. Answers the stamps written.
   */
  update(
    deps: Pick<Deps, 'db'>,
    ctx: RequestContext,
    change: { id: string; row: R; set: Record<string, unknown>; details: Record<string, unknown> },
  ): Promise<{ updated_at: number; updated_by: string }>;
  /** Deletes the object of id `id` if the caller may change it, audited with `details` of the row. */
  remove(
    deps: Pick<Deps, 'db'>,
    ctx: RequestContext,
    id: string,
    details: (row: R) => Record<string, unknown>,
  ): Promise<void>;
}

export function ownedObjects<R extends OwnedRow>(kind: OwnedKind<R>): OwnedObjects<R> {
  const visible: Lookup<R> = async (deps, ctx, id) => {
    const n = parseId(id);
    const row = n === undefined ? undefined : await kind.find(deps.db, scopeOf(ctx), ctx.actor.login, n);
    if (!row) throw notFound(`${kind.what} ${id} not found`);
    return row;
  };
  const writable: Lookup<R> = async (deps, ctx, id) => {
    if (kind.permission !== undefined) requirePermission(ctx, kind.permission);
    const row = await visible(deps, ctx, id);
    const refusal = kind.refusal(ctx, row, id);
    if (refusal !== undefined) throw forbidden(refusal);
    return row;
  };
  return {
    visible,
    writable,
    async update(deps, ctx, { id, row, set, details }) {
      if (set.status === 'Private' && row.owner !== ctx.actor.login)
        throw forbidden(`${kind.what} ${id} belongs to ${row.owner}: only its owner makes it private`);
      const stamps = { updated_at: Date.now(), updated_by: ctx.actor.login };
      await auditedWrite(deps, ctx, (trx) => kind.update(trx, scopeOf(ctx), row.id, { ...set, ...stamps }), {
        action: 'update',
        objectType: kind.objectType,
        id: row.id,
        details,
      });
      return stamps;
    },
    async remove(deps, ctx, id, details) {
      const row = await writable(deps, ctx, id);
      await auditedDelete(deps, ctx, kind.remove, {
        objectType: kind.objectType,
        id: row.id,
        details: details(row),
      });
    },
  };
}
