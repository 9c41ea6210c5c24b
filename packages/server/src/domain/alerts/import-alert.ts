/**
 * Alerts into cases, each in ONE transaction:
 *
 * - import (v1 POST /alert/{id}/case, v0 POST /alert/{id}/createCase): a new case from the alert
 *   (title, description, severity, TLP, PAP, tags, custom fields; the request's overrides win), the
 *   template of the request or of the alert applied (domain/cases create-case), the alert's
 *   observables copied (deduplicated by data_key);
 * - merge (v1 POST /alert/{id}/merge/{caseId}, /alert/merge/_bulk, v0 the same): observables
 *   merged into an existing case without duplicates, the case description appended with
 *   `#### Merged with alert #<sourceRef> <title>` and the alert's description, tags unioned;
 * - import into a case (v1 POST /alert/{id}/import/{caseId}): observables only.
 *
 * Then the alert is Imported and read, linked to the case, with its import date and handling
 * duration stored. An alert is imported or merged once: a second time is a 400, even when two
 * requests race (the link is claimed with `case_id IS NULL` inside the transaction).
 */
import { badRequest, formatId, importAlert, notFound, parseId } from '@propolis/core';
import type { Transaction } from 'kysely';
import { type AlertRow, claimAlertForCase, findAlert } from '../../db/repositories/alerts.js';
import { type CaseRow, findCase, updateCase } from '../../db/repositories/cases.js';
import { copyAlertObservablesToCase, observableIdsOfAlerts } from '../../db/repositories/observables.js';
import { replaceTags } from '../../db/repositories/tags.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { type AuditEntry, appendAudit } from '../../events/audit.js';
import { resolveTemplate } from '../case-templates/read-case-templates.js';
import type { CaseInput } from '../cases/case-input.js';
import { type CaseView, toCaseView } from '../cases/case-view.js';
import { insertPreparedCase, prepareCase } from '../cases/create-case.js';
import { visibleCase } from '../cases/guards.js';
import { permittedScope, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { readCustomFieldValues, resolveCustomFieldInput } from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';
import { mergeObservableValues } from '../observables/merge-rule.js';
import { copyAlertComments, copyAlertProcedures } from '../procedures/copy-alert-procedures.js';
import { statusColumns } from './alert-input.js';
import { statusFieldsOf } from './alert-view.js';
import { visibleAlert } from './guards.js';

export const MAX_MERGE = 100;

const alreadyImported = (a: AlertRow) =>
  badRequest(
    `Alert ${formatId(a.id)} (${a.type};${a.source};${a.source_ref}) is already imported into case ${formatId(a.case_id!)}`,
  );

/** Links the alert to the case (Imported, read, import date, handling duration), or fails if it is already linked. */
async function claim(
  trx: Transaction<Database>,
  ctx: RequestContext,
  scope: Scope,
  alert: AlertRow,
  caseId: number,
  now: number,
  audit: AuditEntry[],
): Promise<void> {
  const set = statusColumns(alert, importAlert(statusFieldsOf(alert), caseId), now);
  const claimed = await claimAlertForCase(trx, scope, alert.id, {
    ...set,
    case_id: caseId,
    import_date: now,
    handling_duration: Math.max(0, now - alert.created_at),
    updated_at: now,
    updated_by: ctx.actor.login,
  });
  if (!claimed) {
    throw alreadyImported((await findAlert(trx, scope, alert.id)) ?? { ...alert, case_id: caseId });
  }
  audit.push({
    action: 'update',
    objectType: 'Alert',
    objectId: formatId(alert.id),
    details: { status: 'Imported', read: true, caseId: formatId(caseId), importDate: now },
  });
}

/**
 * Copies an alert's observables into its case (deduplicated: values merge into the case's own)
 * and audits each one created; the number copied or merged.
 */
export async function copyObservables(
  trx: Transaction<Database>,
  ctx: RequestContext,
  scope: Scope,
  alert: Pick<AlertRow, 'id'>,
  caseId: number,
  audit: AuditEntry[],
  only?: readonly number[],
): Promise<number> {
  const copied = await copyAlertObservablesToCase(trx, scope, [alert.id], caseId, {
    by: ctx.actor.login,
    merge: mergeObservableValues,
    ...(only && { only }),
  });
  for (const o of copied.created)
    audit.push({
      action: 'create',
      objectType: 'Observable',
      objectId: formatId(o.id),
      rootId: formatId(caseId),
      details: {
        dataType: o.data_type,
        ...(o.data !== null ? { data: o.data } : {}),
        fromAlert: formatId(alert.id),
      },
    });
  return copied.created.length + copied.merged.length;
}

/** The alert's custom fields as a v1 list, with the request's own values winning field by field. */
async function caseCustomFields(deps: Deps, alert: AlertRow, overrides: unknown) {
  const own = (await readCustomFieldValues(deps.db, 'alert', [alert.id])).get(alert.id) ?? [];
  const list = own.map((v) => ({ name: v.name, value: v.value, order: v.order }));
  if (overrides === undefined || overrides === null) return list;
  const extra = await resolveCustomFieldInput(deps.db, overrides, { enforceMandatory: false });
  const names = new Set(extra.map((v) => v.name));
  return [
    ...list.filter((v) => !names.has(v.name)),
    ...extra.map((v) => ({ name: v.name, value: v.value, order: v.order })),
  ];
}

export async function importAlertAsCase(
  deps: Deps,
  ctx: RequestContext,
  idOrKey: string,
  overrides: CaseInput = {},
): Promise<CaseView> {
  requirePermission(ctx, 'manageAlert/import');
  const scope = permittedScope(ctx, 'manageCase/create');
  const alert = await visibleAlert(deps.db, ctx, idOrKey);
  if (alert.case_id !== null) throw alreadyImported(alert);
  // The request's template must exist; the alert's own one is ignored when it is gone (TheHive).
  let caseTemplate = overrides.caseTemplate?.trim() || undefined;
  if (!caseTemplate && alert.case_template) {
    if (await resolveTemplate(deps.db, scope, alert.case_template)) caseTemplate = alert.case_template;
  }
  const input: CaseInput = {
    title: alert.title,
    description: alert.description,
    severity: alert.severity,
    tlp: alert.tlp,
    pap: alert.pap,
    flag: alert.flag === 1,
    tags: JSON.parse(alert.tags) as string[],
    assignee: alert.assignee ?? ctx.actor.login,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    customFields: await caseCustomFields(deps, alert, overrides.customFields),
    caseTemplate,
  };
  const prepared = await prepareCase(deps, ctx, input);
  const now = Date.now();
  const caseId = await inTransaction(deps, async (trx) => {
    const kase = await insertPreparedCase(trx, ctx, prepared, now);
    const audit: AuditEntry[] = [];
    await claim(trx, ctx, scope, alert, kase.id, now, audit);
    await copyObservables(trx, ctx, scope, alert, kase.id, audit);
    await copyAlertProcedures(trx, scope, alert.id, kase.id, audit);
    await copyAlertComments(trx, scope, alert.id, kase.id, audit);
    await appendAudit(trx, ctx, audit);
    return kase.id;
  });
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findCase(deps.db, scope, caseId);
  if (!current) throw notFound(`Case ${formatId(caseId)} not found`);
  return toCaseView(current);
}

/**
 * Merges alerts into an existing case (`mode: 'merge'`), or imports only their observables
 * (`mode: 'import'`). A case of another organisation, or missing, is a 404.
 */
/** What a merge brings besides the alert: `observables` lists the alert observables (ids) to copy; all when absent. */
export interface MergeChoice {
  observables?: readonly string[];
}

/** The ids of the chosen observables, each one of the merged alerts'; else a 400 naming the stranger. */
async function chosenObservables(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
  alerts: readonly AlertRow[],
  ids: readonly string[],
): Promise<number[]> {
  const own = new Set(
    await observableIdsOfAlerts(
      deps.db,
      scope,
      alerts.map((a) => a.id),
    ),
  );
  return ids.map((id) => {
    const n = parseId(id);
    if (n === undefined || !own.has(n))
      throw badRequest(
        `observables: ${id} is not an observable of the merged alert${alerts.length > 1 ? 's' : ''}; list ids from GET /api/v1/alert/{id}/observable`,
      );
    return n;
  });
}

export async function mergeAlertsIntoCase(
  deps: Deps,
  ctx: RequestContext,
  alertIds: readonly string[],
  caseIdOrNumber: string,
  mode: 'merge' | 'import' = 'merge',
  choice: MergeChoice = {},
): Promise<CaseView> {
  requirePermission(ctx, 'manageAlert/import');
  requirePermission(ctx, 'manageCase/update');
  if (alertIds.length === 0) throw badRequest('alertIds: must not be empty');
  if (alertIds.length > MAX_MERGE)
    throw badRequest(`alertIds: at most ${MAX_MERGE} alerts can be merged at once`);
  const scope = scopeOf(ctx);
  const kase = await visibleCase(deps.db, ctx, caseIdOrNumber);
  const alerts: AlertRow[] = [];
  for (const id of alertIds) {
    const a = await visibleAlert(deps.db, ctx, id);
    if (a.case_id !== null) throw alreadyImported(a);
    if (!alerts.some((x) => x.id === a.id)) alerts.push(a);
  }
  const only = choice.observables
    ? await chosenObservables(deps, scopeOf(ctx), alerts, choice.observables)
    : undefined;
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    const audit: AuditEntry[] = [];
    const current = (await findCase(trx, scope, kase.id)) as CaseRow;
    let description = current.description;
    const tags = JSON.parse(current.tags) as string[];
    for (const alert of alerts) {
      await claim(trx, ctx, scope, alert, kase.id, now, audit);
      const observables = await copyObservables(trx, ctx, scope, alert, kase.id, audit, only);
      await copyAlertProcedures(trx, scope, alert.id, kase.id, audit);
      await copyAlertComments(trx, scope, alert.id, kase.id, audit);
      if (mode === 'merge') {
        description = `${description}\n\n#### Merged with alert #${alert.source_ref} ${alert.title}\n\n${alert.description}`;
        for (const t of JSON.parse(alert.tags) as string[]) if (!tags.includes(t)) tags.push(t);
      }
      audit.push({
        action: mode === 'merge' ? 'merge' : 'update',
        objectType: 'Case',
        objectId: formatId(kase.id),
        details: {
          fromAlert: {
            _id: formatId(alert.id),
            type: alert.type,
            source: alert.source,
            sourceRef: alert.source_ref,
          },
          observables,
        },
      });
    }
    if (mode === 'merge') {
      await updateCase(trx, scope, kase.id, {
        description,
        tags: JSON.stringify(tags),
        updated_at: now,
        updated_by: ctx.actor.login,
      });
      await replaceTags(trx, scope.organisationId, 'case', kase.id, tags);
    } else {
      await updateCase(trx, scope, kase.id, { updated_at: now, updated_by: ctx.actor.login });
    }
    await appendAudit(trx, ctx, audit);
  });
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findCase(deps.db, scope, kase.id);
  if (!current) throw notFound(`Case ${formatId(kase.id)} not found`);
  return toCaseView(current);
}
