/**
 * Updates an observable (v1 PATCH /observable/{id}, v0 PATCH /case/artifact/{id}). `dataType` may
 * change (as in TheHive 5, planDataTypeChange); `data` is read-only: sending another value is a
 * 400 naming the field.
 */
import { badRequest, formatId, isTlpV0Input, tlpFromV0 } from '@propolis/core';
import type { Kysely, Updateable } from 'kysely';
import { findObservableType } from '../../db/repositories/observable-types.js';
import {
  findTwinObservable,
  type ObservableRow,
  updateObservable as updateRow,
} from '../../db/repositories/observables.js';
import { replaceTags } from '../../db/repositories/tags.js';
import type { Database, ObservableTable } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkDate, checkPap, checkTags, checkTlp } from '../input-rules.js';
import { auditDetails } from './create-observables.js';
import { requireObservableWrite, rootOf, visibleObservable } from './guards.js';
import { checkMessage, type UpdateObservableInput } from './observable-input.js';
import { type ObservableView, observableViews } from './observable-view.js';
import { retypedData } from './retyped-data.js';

const parseTags = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * A change of `dataType` (TheHive 5 lets `PATCH /observable/{id}` and `/observable/_bulk` make it):
 * the data is put in the new type's canonical form when it is valid for it and kept as it is
 * otherwise (as the platform retype does); a file type and a value type cannot be exchanged, and a
 * parent that already holds the value under the new type keeps its one observable (400: merge them).
 */
export async function planDataTypeChange(
  db: Kysely<Database>,
  row: ObservableRow,
  dataType: string | undefined,
): Promise<Updateable<ObservableTable>> {
  if (dataType === undefined || dataType === row.data_type) return {};
  const target = await findObservableType(db, dataType);
  if (!target) throw badRequest(`dataType: unknown observable type "${dataType}"`);
  if (target.name === row.data_type) return {};
  if ((target.is_attachment === 1) !== (row.attachment_id !== null))
    throw badRequest(
      `dataType: ${row.data_type} and ${target.name}: a file type and a value type cannot be exchanged`,
    );
  const { data, key } = retypedData(target, row);
  const twin = await findTwinObservable(db, row, target.name, key);
  if (twin && twin.id !== row.id)
    throw badRequest(
      `dataType: observable ${formatId(twin.id)} of the same ${row.case_id !== null ? 'case' : 'alert'} already holds this value as ${target.name}; delete one or merge them (POST /api/v1/case/{id}/observable/_merge)`,
    );
  return { data_type: target.name, data, data_key: key };
}

/** The column changes an update makes to a row (empty when nothing changes). */
export function planObservableUpdate(
  row: ObservableRow,
  input: UpdateObservableInput,
  now: number,
): Updateable<ObservableTable> {
  if (
    input.data !== undefined &&
    String(input.data).trim().toLowerCase() !== (row.data ?? '').toLowerCase()
  ) {
    throw badRequest('data: is read-only');
  }
  const set: Updateable<ObservableTable> = {};
  if (input.message !== undefined) {
    const message = checkMessage(input.message);
    if (message !== row.message) set.message = message;
  }
  if (input.tlp !== undefined) {
    let tlp = input.tlp;
    if (input.tlpIsV0) {
      if (!isTlpV0Input(tlp)) throw badRequest('tlp: must be an integer from 0 to 3');
      tlp = tlpFromV0(tlp, row.tlp);
    }
    if (checkTlp(tlp) !== row.tlp) set.tlp = tlp;
  }
  if (input.pap !== undefined && checkPap(input.pap) !== row.pap) set.pap = input.pap;
  if (input.ioc !== undefined && (input.ioc ? 1 : 0) !== row.ioc) set.ioc = input.ioc ? 1 : 0;
  if (input.ignoreSimilarity !== undefined && (input.ignoreSimilarity ? 1 : 0) !== row.ignore_similarity) {
    set.ignore_similarity = input.ignoreSimilarity ? 1 : 0;
  }
  if (input.startDate !== undefined && checkDate(input.startDate, 'startDate') !== row.start_date)
    set.start_date = input.startDate;
  if (input.sighted !== undefined) {
    if (input.sighted && !row.sighted) {
      set.sighted = 1;
      set.sighted_at = input.sightedAt === undefined ? now : checkDate(input.sightedAt, 'sightedAt');
    } else if (!input.sighted && row.sighted) {
      set.sighted = 0;
      set.sighted_at = null;
    }
  }
  if (input.sightedAt !== undefined && set.sighted_at === undefined && (input.sighted ?? row.sighted === 1)) {
    if (checkDate(input.sightedAt, 'sightedAt') !== row.sighted_at) set.sighted_at = input.sightedAt;
  }
  if (input.tags !== undefined || input.addTags !== undefined || input.removeTags !== undefined) {
    const current = parseTags(row.tags);
    let tags = input.tags !== undefined ? checkTags(input.tags) : current;
    if (input.addTags !== undefined) tags = [...new Set([...tags, ...checkTags(input.addTags, 'addTags')])];
    if (input.removeTags !== undefined) {
      const remove = new Set(checkTags(input.removeTags, 'removeTags'));
      tags = tags.filter((t) => !remove.has(t));
    }
    if (JSON.stringify(tags) !== JSON.stringify(current)) set.tags = JSON.stringify(tags);
  }
  return set;
}

export async function updateObservable(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  input: UpdateObservableInput,
): Promise<ObservableView> {
  const scope = scopeOf(ctx);
  const row = await visibleObservable(deps.db, ctx, id);
  requireObservableWrite(ctx, [row]);
  const now = Date.now();
  const set = {
    ...planObservableUpdate(row, input, now),
    ...(await planDataTypeChange(deps.db, row, input.dataType)),
  };
  let updated = row;
  if (Object.keys(set).length > 0) {
    await inTransaction(deps, async (trx) => {
      await updateRow(trx, scope, row.id, { ...set, updated_at: now, updated_by: ctx.actor.login });
      if (set.tags !== undefined)
        await replaceTags(trx, scope.organisationId, 'observable', row.id, JSON.parse(set.tags as string));
      await appendAudit(trx, ctx, [
        {
          action: 'update',
          objectType: 'Observable',
          objectId: formatId(row.id),
          rootId: rootOf(row) !== null ? formatId(rootOf(row)!) : undefined,
          details: auditDetails(set),
        },
      ]);
    });
    updated = { ...row, ...set, updated_at: now, updated_by: ctx.actor.login } as ObservableRow;
  }
  const [view] = await observableViews(deps.db, scope, [updated]);
  return view!;
}
