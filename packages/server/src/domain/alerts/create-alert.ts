/**
 * Creates an alert with its observables in ONE transaction (v1 POST /alert with `observables`,
 * JSON or multipart with an attachment map; v0 POST /alert with `artifacts`, files inline as
 * `name;mime;base64`).
 *
 * An alert is unique in its organisation by (type, source, sourceRef): a second one is a 400
 * ConflictError, TheHive's answer. The unique index alert_dedup settles races: of concurrent
 * creations exactly one commits, the others get the same ConflictError.
 */
import {
  type AlertStatusFields,
  alertStageOf,
  badRequest,
  formatId,
  MAX_ALERT_SOURCE,
  MAX_ALERT_SOURCE_REF,
  MAX_ALERT_TYPE,
  MAX_OBSERVABLES,
  MAX_TITLE,
  newAlertStatus,
  orThrow,
  PropolisError,
  setAlertStatus,
} from '@propolis/core';
import { alertWriterOf } from '../../db/alert-writer-thread.js';
import { ALERT_DEDUP_CONSTRAINT, isUniqueConflict } from '../../db/errors.js';
import { type AlertRow, findAlertByKey, insertAlert } from '../../db/repositories/alerts.js';
import type { NewAlertGraph } from '../../db/repositories/new-alert-graph.js';
import { insertNewAlertGraph, newAlertUnit } from '../../db/repositories/new-alert-pg.js';
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';
import { insertTags } from '../../db/repositories/tags.js';
import { dialectOf } from '../../db/visibility.js';
import { type AuditEntry, appendAudit, auditRows } from '../../events/audit.js';
import { createdNow, permittedScope, type RequestContext, scopeOf } from '../context.js';
import { resolveCustomFieldInput, writeCustomFieldValues } from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkDate, checkPap, checkSeverity, checkTags, checkText, checkTlp } from '../input-rules.js';
import { type PreparedObservables, prepareObservables } from '../observables/create-observables.js';
import type { CreateObservableInput, IncomingFile } from '../observables/observable-input.js';
import {
  distinctObservableCount,
  newAlertObservables,
  writableAtOnce,
  writeNewObservables,
} from '../observables/write-new-observables.js';
import { insertCheckedProcedures } from '../procedures/create-procedures.js';
import { type CheckedProcedure, checkProcedure } from '../procedures/procedure-input.js';
import { checkAssignee } from '../users/assignee.js';
import { type AlertInput, alertConflict, checkDescription, checkKeyPart, checkLink } from './alert-input.js';
import { type AlertView, toAlertView } from './alert-view.js';

/** Observable inputs checked one by one; errors name the item (`observables[2].data: ...`). */
export async function prepareAlertObservables(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  observables: readonly CreateObservableInput[],
  files: readonly IncomingFile[],
  field: string,
): Promise<PreparedObservables[]> {
  if (observables.length > MAX_OBSERVABLES)
    throw badRequest(`${field}: at most ${MAX_OBSERVABLES} observables`);
  const scope = scopeOf(ctx);
  const out: PreparedObservables[] = [];
  // Alerts repeat a few data types: each is looked up once per request.
  const types = new Map<string, Promise<ObservableTypeRow | undefined>>();
  for (const [i, input] of observables.entries()) {
    if (!input || typeof input !== 'object' || Array.isArray(input))
      throw badRequest(`${field}[${i}]: must be an object`);
    // An observable takes the file parts it names (`"attachment": "<key>"`, TheHive 5's attachment map).
    const refs = input.attachment === undefined ? [] : [input.attachment].flat();
    const keys = refs.filter((r): r is string => typeof r === 'string');
    const mine = files.filter((f) => f.field !== undefined && keys.includes(f.field));
    try {
      out.push(await prepareObservables(deps, scope, input, mine, types));
    } catch (error) {
      if (error instanceof PropolisError && error.type === 'BadRequest')
        throw badRequest(`${field}[${i}].${error.message}`);
      throw error;
    }
  }
  return out;
}

export async function createAlert(
  deps: Deps,
  ctx: RequestContext,
  input: AlertInput,
  files: IncomingFile[] = [],
  options: { observablesField?: string } = {},
): Promise<AlertView> {
  const scope = permittedScope(ctx, 'manageAlert/create');
  const key = {
    type: checkKeyPart(input.type, 'type', MAX_ALERT_TYPE),
    source: checkKeyPart(input.source, 'source', MAX_ALERT_SOURCE),
    sourceRef: checkKeyPart(input.sourceRef, 'sourceRef', MAX_ALERT_SOURCE_REF),
  };
  const now = Date.now();
  const values = {
    title: checkText(input.title, 'title', MAX_TITLE),
    description: checkDescription(input.description),
    severity: checkSeverity(input.severity),
    tlp: checkTlp(input.tlp),
    pap: checkPap(input.pap),
    tags: checkTags(input.tags ?? []),
    date: input.date === undefined ? now : checkDate(input.date, 'date'),
    external_link: checkLink(input.externalLink),
  };
  let status: AlertStatusFields<number> = newAlertStatus<number>();
  if (input.status !== undefined) status = orThrow(setAlertStatus(status, input.status));
  const assignee = await checkAssignee(deps.db, ctx, input.assignee ?? null);
  const customFields = await resolveCustomFieldInput(deps.db, input.customFields, {
    enforceMandatory: false,
  });
  const prepared = await prepareAlertObservables(
    deps,
    ctx,
    input.observables ?? [],
    files,
    options.observablesField ?? 'observables',
  );

  const procedures: CheckedProcedure[] = [];
  if (input.procedures !== undefined && !Array.isArray(input.procedures))
    throw badRequest('procedures: must be a list of procedures');
  for (const [i, p] of (input.procedures ?? []).entries())
    procedures.push(await checkProcedure(deps.db, p, `procedures[${i}]`));

  const stage = alertStageOf(status.status);
  const alertRow = {
    organisation_id: scope.organisationId,
    type: key.type,
    source: key.source,
    source_ref: key.sourceRef,
    ...values,
    tags: JSON.stringify(values.tags),
    last_sync_date: input.lastSyncDate ?? now,
    flag: input.flag ? 1 : 0,
    status: status.status,
    stage,
    read: status.read ? 1 : 0,
    case_id: null,
    in_progress_date: stage === 'InProgress' ? now : null,
    closed_date: stage === 'Closed' ? now : null,
    follow: input.follow === false ? 0 : 1,
    assignee,
    summary: input.summary?.trim() ? input.summary : null,
    case_template: input.caseTemplate?.trim() || null,
    import_date: null,
    handling_duration: null,
    observable_count: distinctObservableCount(prepared),
    ...createdNow(ctx, now),
  };
  const creation: AuditEntry = {
    action: 'create',
    objectType: 'Alert',
    objectId: '',
    details: {
      type: key.type,
      source: key.source,
      sourceRef: key.sourceRef,
      title: values.title,
      severity: values.severity,
      tlp: values.tlp,
      tags: values.tags,
      status: status.status,
    },
  };
  // The common case (no custom field, procedure, file or repeated observable), as data: on
  // PostgreSQL the alert and everything that hangs off it in one statement, one round trip instead
  // of four; on SQLite written by the alert writer thread (db/alert-writer-thread.ts).
  const pg = dialectOf(deps.db) === 'postgres';
  const thread = pg ? undefined : alertWriterOf(deps.db);
  const asData =
    (pg || thread !== undefined) &&
    customFields.length === 0 &&
    procedures.length === 0 &&
    writableAtOnce(prepared);

  let graph: NewAlertGraph | undefined;
  if (asData) {
    const observables = newAlertObservables(ctx, scope, prepared, now);
    const rows = auditRows(ctx, [creation, ...observables.map((o) => o.audit)]);
    graph = {
      alert: alertRow,
      alertTags: values.tags,
      observables,
      audit: rows.map(({ object_id: _, root_id: __, ...audit }, i) => ({
        row: audit,
        observable:
          i === 0
            ? undefined
            : { dataType: observables[i - 1]!.row.data_type, dataKey: observables[i - 1]!.row.data_key },
      })),
    };
  }

  let row: AlertRow;
  try {
    row = await inTransaction(
      deps,
      async (trx) => {
        if (graph && pg) return insertNewAlertGraph(trx, graph);
        const row = await insertAlert(trx, alertRow);
        await insertTags(trx, scope.organisationId, 'alert', row.id, values.tags);
        if (customFields.length > 0)
          await writeCustomFieldValues(trx, scope.organisationId, 'alert', row.id, customFields, 'replace');
        const audit: AuditEntry[] = [{ ...creation, objectId: formatId(row.id) }];
        // The alert is new: it holds no observable yet, so dedup needs no lookups.
        await writeNewObservables(trx, deps, ctx, scope, { kind: 'alert', id: row.id }, prepared, now, audit);
        await appendAudit(trx, ctx, audit);
        if (procedures.length > 0)
          await insertCheckedProcedures(trx, ctx, { alertId: row.id }, procedures, now);
        return row;
      },
      // PostgreSQL: one statement, which writes nothing when the key is taken: no savepoint in a
      // group commit, and one statement for all the new alerts of a batch. SQLite: the thread's
      // transaction for the new alerts of a batch; the function above if it fails.
      graph === undefined
        ? undefined
        : thread === undefined
          ? { savepoint: false, combine: newAlertUnit(graph) }
          : { apart: thread.unit(graph) },
    );
  } catch (error) {
    // The unique index alert_dedup refuses a second alert with the same key, whether it came before
    // or concurrently (no lookup beforehand: most alerts are new, and the index decides anyway).
    if (isUniqueConflict(error, ALERT_DEDUP_CONSTRAINT))
      throw alertConflict(key, await findAlertByKey(deps.db, scope, key));
    throw error;
  }
  const view = toAlertView(row);
  // A new alert without custom fields has none: its presenters need not read them.
  if (customFields.length === 0) view.customFields = [];
  return view;
}
