/**
 * The observables of a parent created in the same transaction (a new alert), written at once: when
 * the request names each observable once and carries no file, every row goes in one INSERT and all
 * their tags in another. Otherwise (a duplicate to merge, a file to store) `writeObservables` runs
 * item by item. Both give the same rows and the same audit entries.
 */

import { formatId } from '@propolis/core';
import type { Insertable, Transaction } from 'kysely';
import {
  insertObservables,
  type ObservableParent,
  type ObservableRow,
} from '../../db/repositories/observables.js';
import { insertTagsOfMany } from '../../db/repositories/tags.js';
import type { Database, ObservableTable } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import type { AuditEntry } from '../../events/audit.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { autoShareNew } from '../sharing/auto-share.js';
import {
  creationDetails,
  type Item,
  newObservableRow,
  type PreparedObservables,
  writeObservables,
} from './create-observables.js';

const identity = (p: PreparedObservables, item: Item) => `${p.type.name}\u0000${item.key}`;

/** How many observables the prepared inputs make once duplicates are merged. */
export function distinctObservableCount(prepared: readonly PreparedObservables[]): number {
  // Keys grouped by type: the same count as a set of `identity` strings, without building them.
  const byType = new Map<string, Set<string>>();
  for (const p of prepared) {
    const keys = byType.get(p.type.name) ?? new Set<string>();
    byType.set(p.type.name, keys);
    for (const item of p.items) keys.add(item.key);
  }
  let count = 0;
  for (const keys of byType.values()) count += keys.size;
  return count;
}

export function writableAtOnce(prepared: readonly PreparedObservables[]): boolean {
  const total = prepared.reduce((n, p) => n + p.items.length, 0);
  return distinctObservableCount(prepared) === total && prepared.every((p) => p.items.every((i) => !i.file));
}

/**
 * The rows and audit entries of the observables of a new alert, for a statement that writes them
 * with the alert (repositories/new-alert-pg.ts); only when `writableAtOnce`. The rows carry no
 * `alert_id` and the entries no id: the statement sets both.
 */
export function newAlertObservables(
  ctx: RequestContext,
  scope: Scope,
  prepared: readonly PreparedObservables[],
  now: number,
): Array<{ row: Insertable<ObservableTable>; tags: readonly string[]; audit: AuditEntry }> {
  return prepared.flatMap((p) =>
    p.items.map((item) => {
      const { alert_id: _, ...row } = newObservableRow(
        scope,
        { kind: 'alert', id: 0 },
        p,
        item,
        now,
        ctx.actor.login,
      );
      const audit: AuditEntry = {
        action: 'create',
        objectType: 'Observable',
        objectId: '',
        details: creationDetails(p.type, item, p.fields, { start_date: row.start_date as number }),
      };
      return { row, tags: p.fields.tags, audit };
    }),
  );
}

/** Writes the observables of a parent that has none yet; audit entries are pushed to `audit`. */
export async function writeNewObservables(
  trx: Transaction<Database>,
  deps: Pick<Deps, 'config'>,
  ctx: RequestContext,
  scope: Scope,
  parent: ObservableParent,
  prepared: readonly PreparedObservables[],
  now: number,
  audit: AuditEntry[],
): Promise<ObservableRow[]> {
  if (!writableAtOnce(prepared)) {
    const out: ObservableRow[] = [];
    const memo = { ...parent, written: new Map<string, ObservableRow>() };
    for (const p of prepared)
      out.push(...(await writeObservables(trx, deps, ctx, scope, memo, p, now, audit)));
    return out;
  }
  const entries = prepared.flatMap((p) => p.items.map((item) => ({ p, item })));
  if (entries.length === 0) return [];
  const rows = await insertObservables(
    trx,
    entries.map(({ p, item }) => newObservableRow(scope, parent, p, item, now, ctx.actor.login)),
  );
  if (parent.kind === 'case')
    await autoShareNew(
      trx,
      parent.id,
      'observable',
      rows.map((r) => r.id),
    );
  // RETURNING promises no order: match rows to inputs by their identity, unique in the parent.
  const byIdentity = new Map(rows.map((r) => [`${r.data_type}\u0000${r.data_key}`, r]));
  const ordered = entries.map(({ p, item }) => ({ p, item, row: byIdentity.get(identity(p, item))! }));
  await insertTagsOfMany(
    trx,
    scope.organisationId,
    'observable',
    ordered.map(({ p, row }) => ({ id: row.id, tags: p.fields.tags })),
  );
  const rootId = formatId(parent.id);
  for (const { p, item, row } of ordered) {
    audit.push({
      action: 'create',
      objectType: 'Observable',
      objectId: formatId(row.id),
      rootId,
      details: creationDetails(p.type, item, p.fields, row),
    });
  }
  return ordered.map((o) => o.row);
}
