/**
 * Updating alerts: one (v1 PATCH → 204, v0 PATCH → the alert, possibly replacing its `artifacts`),
 * in bulk (all or none, one transaction), read/unread and follow/unfollow. Status changes go
 * through the core alert-status model so that status, stage, read and the case link stay consistent.
 */
import {
  ALERT_CONTENT_FIELDS,
  type AlertStatus,
  type AlertStatusFields,
  alertStatusFromV0,
  formatId,
  MAX_ALERT_SOURCE,
  MAX_ALERT_SOURCE_REF,
  MAX_ALERT_TYPE,
  MAX_TITLE,
  markAlertAsRead,
  markAlertAsUnread,
  notFound,
  orThrow,
  PropolisError,
  setAlertStatus,
  updateFollowedAlert,
} from '@propolis/core';
import type { Transaction, Updateable } from 'kysely';
import { ALERT_DEDUP_CONSTRAINT, isUniqueConflict } from '../../db/errors.js';
import {
  type AlertRow,
  findAlert,
  findAlertByKey,
  findAlertsByIds,
  refreshObservableCount,
  updateAlert as updateRow,
} from '../../db/repositories/alerts.js';
import { deleteObservables, observableIdsOfAlerts } from '../../db/repositories/observables.js';
import { replaceTags } from '../../db/repositories/tags.js';
import type { AlertTable, Database } from '../../db/schema.js';
import { type AuditEntry, appendAudit } from '../../events/audit.js';
import { permittedScope, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { resolveCustomFieldInput, writeCustomFieldValues } from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';
import { bitColumn, type FieldRules, fieldChanges } from '../field-changes.js';
import { checkDate, checkPap, checkSeverity, checkText, checkTlp } from '../input-rules.js';
import { type PreparedObservables, writeObservables } from '../observables/create-observables.js';
import type { IncomingFile } from '../observables/observable-input.js';
import { resolveStatus } from '../statuses/statuses.js';
import { applyTagChanges } from '../tags/tag-changes.js';
import { checkAssignee } from '../users/assignee.js';
import {
  type AlertUpdate,
  alertConflict,
  checkDescription,
  checkKeyPart,
  checkLink,
  statusColumns,
} from './alert-input.js';
import { type AlertView, statusFieldsOf, toAlertView } from './alert-view.js';
import { prepareAlertObservables } from './create-alert.js';
import { visibleAlert, visibleAlerts } from './guards.js';
import { copyObservables } from './import-alert.js';

interface Planned {
  row: AlertRow;
  set: Updateable<AlertTable>;
  tags?: string[];
  customFields?: Awaited<ReturnType<typeof resolveCustomFieldInput>>;
  observables?: PreparedObservables[];
  syncCase: boolean;
  details: Record<string, unknown>;
}

const CONTENT_FIELDS = [
  ...ALERT_CONTENT_FIELDS,
  'addTags',
  'removeTags',
  'customFields',
  'observables',
] as const;

const ALERT_FIELDS: FieldRules<AlertUpdate, AlertTable> = {
  externalLink: { column: 'external_link', check: checkLink },
  title: { column: 'title', check: (v) => checkText(v, 'title', MAX_TITLE) },
  description: { column: 'description', check: checkDescription },
  severity: { column: 'severity', check: checkSeverity },
  tlp: { column: 'tlp', check: checkTlp },
  pap: { column: 'pap', check: checkPap },
  date: { column: 'date', check: (v) => checkDate(v, 'date') },
  lastSyncDate: { column: 'last_sync_date', check: (v) => checkDate(v, 'lastSyncDate') },
  flag: bitColumn('flag'),
  follow: bitColumn('follow'),
  // an empty summary is no summary: it reads back absent, as in TheHive 5
  summary: { column: 'summary', check: (v) => (v?.trim() ? v : null) },
  caseTemplate: { column: 'case_template', check: (v) => v?.trim() || null },
};

async function plan(
  deps: Deps,
  ctx: RequestContext,
  row: AlertRow,
  input: AlertUpdate,
  now: number,
  files: readonly IncomingFile[],
): Promise<Planned> {
  const set: Updateable<AlertTable> = {};
  const details: Record<string, unknown> = {};
  const key = { type: row.type, source: row.source, sourceRef: row.source_ref };
  if (input.type !== undefined) key.type = checkKeyPart(input.type, 'type', MAX_ALERT_TYPE);
  if (input.source !== undefined) key.source = checkKeyPart(input.source, 'source', MAX_ALERT_SOURCE);
  if (input.sourceRef !== undefined)
    key.sourceRef = checkKeyPart(input.sourceRef, 'sourceRef', MAX_ALERT_SOURCE_REF);
  if (key.type !== row.type || key.source !== row.source || key.sourceRef !== row.source_ref) {
    const clash = await findAlertByKey(deps.db, scopeOf(ctx), key);
    if (clash && clash.id !== row.id) throw alertConflict(key, clash);
    set.type = details.type = key.type;
    set.source = details.source = key.source;
    set.source_ref = details.sourceRef = key.sourceRef;
  }
  const changes = fieldChanges(input, ALERT_FIELDS);
  Object.assign(set, changes.set);
  Object.assign(details, changes.details);
  if (input.assignee !== undefined)
    set.assignee = details.assignee = await checkAssignee(deps.db, ctx, input.assignee);
  const tags = applyTagChanges(row.tags, input);
  if (tags) {
    set.tags = JSON.stringify(tags);
    details.tags = tags;
  }
  const customFields =
    input.customFields === undefined || input.customFields === null
      ? undefined
      : await resolveCustomFieldInput(deps.db, input.customFields, { enforceMandatory: false });
  if (customFields) details.customFields = input.customFields;
  const observables =
    input.observables === undefined
      ? undefined
      : await prepareAlertObservables(deps, ctx, input.observables, files, 'artifacts');

  let status: AlertStatusFields<number> = statusFieldsOf(row);
  let syncCase = false;
  if (input.fromSource && CONTENT_FIELDS.some((f) => input[f] !== undefined)) {
    const follow = input.follow ?? row.follow === 1;
    const result = updateFollowedAlert({ ...status, follow });
    status = result.alert;
    syncCase = result.syncCase && (observables !== undefined || row.observable_count > 0);
    if (follow && input.lastSyncDate === undefined) set.last_sync_date = now;
  }
  let customStage: string | undefined;
  if (input.status !== undefined) {
    const result = input.statusIsV0
      ? alertStatusFromV0(status, input.status)
      : setAlertStatus(status, input.status);
    if (!result.ok && !input.statusIsV0 && typeof input.status === 'string') {
      // one of the organisation's own alert statuses (TheHive 5), else the 400 listing them all
      const own = await resolveStatus(deps.db, scopeOf(ctx), 'alert', input.status);
      if (own.builtin) orThrow(result);
      customStage = own.stage;
      status = { ...status, status: own.status as AlertStatus, read: own.stage === 'Closed' };
    } else status = orThrow(result);
  }
  const statusSet = statusColumns(row, status, now, customStage);
  // a closed alert set back to an open status is reopened: TheHive 5's manageAlert/reopen
  if (
    input.status !== undefined &&
    row.stage === 'Closed' &&
    statusSet.stage !== undefined &&
    statusSet.stage !== 'Closed'
  )
    requirePermission(ctx, 'manageAlert/reopen');
  Object.assign(set, statusSet);
  if (statusSet.status !== undefined) details.status = statusSet.status;
  if (statusSet.read !== undefined) details.read = statusSet.read === 1;
  return { row, set, tags, customFields, observables, syncCase, details };
}

async function apply(
  trx: Transaction<Database>,
  deps: Deps,
  ctx: RequestContext,
  p: Planned,
  now: number,
): Promise<void> {
  const scope = scopeOf(ctx);
  const audit: AuditEntry[] = [];
  await updateRow(trx, scope, p.row.id, { ...p.set, updated_at: now, updated_by: ctx.actor.login });
  if (p.tags) await replaceTags(trx, scope.organisationId, 'alert', p.row.id, p.tags);
  if (p.customFields)
    await writeCustomFieldValues(trx, scope.organisationId, 'alert', p.row.id, p.customFields, 'merge');
  audit.push({ action: 'update', objectType: 'Alert', objectId: formatId(p.row.id), details: p.details });
  if (p.observables) {
    // v0 `artifacts`: the alert's observables become exactly the listed ones (the same ones are kept and merged).
    const kept = new Set<number>();
    for (const prepared of p.observables) {
      const rows = await writeObservables(
        trx,
        deps,
        ctx,
        scope,
        { kind: 'alert', id: p.row.id },
        prepared,
        now,
        audit,
      );
      for (const r of rows) kept.add(r.id);
    }
    const gone = (await observableIdsOfAlerts(trx, scope, [p.row.id])).filter((id) => !kept.has(id));
    await deleteObservables(trx, scope, gone);
    for (const id of gone)
      audit.push({
        action: 'delete',
        objectType: 'Observable',
        objectId: formatId(id),
        rootId: formatId(p.row.id),
      });
    await refreshObservableCount(trx, scope, [p.row.id]);
  }
  if (p.syncCase && p.row.case_id !== null) {
    // A followed, imported alert updated by its source: its observables go to its case again (deduplicated).
    await copyObservables(trx, ctx, scope, p.row, p.row.case_id, audit);
  }
  await appendAudit(trx, ctx, audit);
}

async function run(deps: Deps, ctx: RequestContext, plans: Planned[], now: number): Promise<void> {
  try {
    await inTransaction(deps, async (trx) => {
      for (const p of plans) await apply(trx, deps, ctx, p, now);
    });
  } catch (error) {
    // Two updates racing to give alerts the same type/source/sourceRef: the unique index decides.
    if (isUniqueConflict(error, ALERT_DEDUP_CONSTRAINT))
      throw new PropolisError('ConflictError', `Alert already exists with this type, source and sourceRef`);
    throw error;
  }
}

export async function updateAlert(
  deps: Deps,
  ctx: RequestContext,
  idOrKey: string,
  input: AlertUpdate,
  files: IncomingFile[] = [],
): Promise<AlertView> {
  requirePermission(ctx, 'manageAlert/update');
  const row = await visibleAlert(deps.db, ctx, idOrKey);
  const now = Date.now();
  await run(deps, ctx, [await plan(deps, ctx, row, input, now, files)], now);
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findAlert(deps.db, scopeOf(ctx), row.id);
  if (!current) throw notFound(`Alert ${formatId(row.id)} not found`);
  return toAlertView(current);
}

export async function bulkUpdateAlerts(
  deps: Deps,
  ctx: RequestContext,
  ids: string[],
  input: AlertUpdate,
): Promise<AlertView[]> {
  const scope = permittedScope(ctx, 'manageAlert/update');
  const rows = await visibleAlerts(deps.db, ctx, ids);
  if (
    rows.length > 1 &&
    (input.type !== undefined || input.source !== undefined || input.sourceRef !== undefined)
  )
    throw new PropolisError(
      'BadRequest',
      'type, source and sourceRef cannot be set on several alerts at once',
    );
  const now = Date.now();
  const plans: Planned[] = [];
  for (const row of rows) plans.push(await plan(deps, ctx, row, input, now, []));
  await run(deps, ctx, plans, now);
  return (
    await findAlertsByIds(
      deps.db,
      scope,
      rows.map((r) => r.id),
    )
  ).map(toAlertView);
}

export type AlertAction = 'read' | 'unread' | 'follow' | 'unfollow';

/** v0 markAsRead/markAsUnread/follow/unfollow, v1 read/unread/follow/unfollow. */
export async function alertAction(
  deps: Deps,
  ctx: RequestContext,
  idOrKey: string,
  action: AlertAction,
): Promise<AlertView> {
  requirePermission(ctx, 'manageAlert/update');
  const row = await visibleAlert(deps.db, ctx, idOrKey);
  const now = Date.now();
  let set: Updateable<AlertTable>;
  if (action === 'follow' || action === 'unfollow') set = { follow: action === 'follow' ? 1 : 0 };
  else {
    const next =
      action === 'read' ? markAlertAsRead(statusFieldsOf(row)) : markAlertAsUnread(statusFieldsOf(row));
    set = statusColumns(row, next, now);
  }
  if (Object.keys(set).length > 0) {
    const details: Record<string, unknown> = {};
    if (set.follow !== undefined) details.follow = set.follow === 1;
    if (set.read !== undefined) details.read = set.read === 1;
    if (set.status !== undefined) details.status = set.status;
    await inTransaction(deps, async (trx) => {
      await updateRow(trx, scopeOf(ctx), row.id, { ...set, updated_at: now, updated_by: ctx.actor.login });
      await appendAudit(trx, ctx, [
        { action: 'update', objectType: 'Alert', objectId: formatId(row.id), details },
      ]);
    });
  }
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findAlert(deps.db, scopeOf(ctx), row.id);
  if (!current) throw notFound(`Alert ${formatId(row.id)} not found`);
  return toAlertView(current);
}
