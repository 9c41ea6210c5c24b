/**
 * `POST /case/{id}/observable/_merge` (TheHive 5): merges the observables of a case that hold the
 * same value — the same type and the same data once put in canonical form for that type — into
 * the oldest one (tags, flags, message and reports united), and answers
 * `{untouched, updated, deleted}`. Propolis merges duplicates when they are written, so this finds
 * only values stored before a canonical form changed; it is kept for TheHive's clients. manageObservable.
 */
import { formatId } from '@propolis/core';
import { findObservableType } from '../../db/repositories/observable-types.js';
import { findObservable, type ObservableRow, observablesOfCase } from '../../db/repositories/observables.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { foldDuplicate } from './fold-duplicate.js';
import { canonicalObservableData } from './observable-data.js';

export interface MergeResult {
  untouched: number;
  updated: number;
  deleted: number;
}

/** The value an observable is compared by: its canonical data, or its stored key (files, invalid data). */
async function identity(
  deps: Pick<Deps, 'db'>,
  row: ObservableRow,
  types: Map<string, unknown>,
): Promise<string> {
  if (row.data === null || row.attachment_id !== null) return `${row.data_type}\u0000${row.data_key}`;
  let type = types.get(row.data_type) as Awaited<ReturnType<typeof findObservableType>> | undefined;
  if (!types.has(row.data_type)) {
    type = await findObservableType(deps.db, row.data_type);
    types.set(row.data_type, type);
  }
  if (!type) return `${row.data_type}\u0000${row.data_key}`;
  try {
    return `${row.data_type}\u0000${canonicalObservableData(type, row.data, 'data')}`;
  } catch {
    return `${row.data_type}\u0000${row.data_key}`;
  }
}

export async function mergeCaseDuplicates(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
): Promise<MergeResult> {
  requirePermission(ctx, 'manageObservable');
  const kase = await visibleCase(deps.db, ctx, caseId);
  const rows = await observablesOfCase(deps.db, scopeOf(ctx), kase.id);
  const groups = new Map<string, ObservableRow[]>();
  const types = new Map<string, unknown>();
  for (const r of rows) {
    const key = await identity(deps, r, types);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const result: MergeResult = { untouched: 0, updated: 0, deleted: 0 };
  await inTransaction(deps, async (trx) => {
    for (const group of groups.values()) {
      if (group.length === 1) {
        result.untouched++;
        continue;
      }
      const [survivor, ...duplicates] = group.sort((a, b) => a.id - b.id) as [
        ObservableRow,
        ...ObservableRow[],
      ];
      let current = survivor;
      for (const d of duplicates) {
        await foldDuplicate(trx, current, d, ctx.actor.login);
        current = (await findObservable(trx, scopeOf(ctx), survivor.id)) ?? current;
        result.deleted++;
      }
      result.updated++;
      await appendAudit(trx, ctx, [
        {
          action: 'merge',
          objectType: 'Observable',
          objectId: formatId(survivor.id),
          rootId: formatId(kase.id),
          details: { merged: duplicates.map((d) => formatId(d.id)) },
        },
      ]);
    }
  });
  return result;
}
