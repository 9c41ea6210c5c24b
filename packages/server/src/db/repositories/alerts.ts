/**
 * Alerts of one organisation (table `alert`, migration 0005). Every function takes the scope; an
 * alert of another organisation is never found, updated or deleted here.
 *
 * Columns and the API fields they carry (v1 name / v0 name when different), for the query engine:
 *
 * | column            | v1 field                        | v0 field              | notes                                            |
 * |-------------------|---------------------------------|-----------------------|--------------------------------------------------|
 * | id                | `_id` (`~n`)                    | `_id`, `id`           |                                                  |
 * | type              | `type`                          |                       | dedup key (organisation, type, source, source_ref), unique index alert_dedup |
 * | source            | `source`                        |                       | index alert_org_source_date                      |
 * | source_ref        | `sourceRef`                     |                       |                                                  |
 * | external_link     | `externalLink`                  |                       |                                                  |
 * | title             | `title`                         |                       |                                                  |
 * | description       | `description`                   |                       |                                                  |
 * | severity          | `severity` (`severityLabel`)    |                       | 1–4                                              |
 * | date              | `date`                          |                       | index alert_org_date                             |
 * | last_sync_date    | `lastSyncDate`                  |                       |                                                  |
 * | tags              | `tags` (JSON; entity_tag rows with entity_type 'alert') |  |                                            |
 * | flag              | `flag`                          |                       |                                                  |
 * | tlp               | `tlp` (0–4)                     | `tlp` (0–3, tlpToV0)  |                                                  |
 * | pap               | `pap`                           |                       |                                                  |
 * | status, stage     | `status`, `stage`               | `status` = alertToV0Status({read, caseId}) | index alert_org_status_date |
 * | read              | `read`                          | (in `status`)         | 0/1                                              |
 * | follow            | `follow`                        |                       | 0/1                                              |
 * | assignee          | `assignee`                      |                       | index alert_org_assignee_date                    |
 * | summary           | `summary`                       |                       |                                                  |
 * | case_template     | `caseTemplate`                  |                       | name used at import                              |
 * | case_id           | `caseId` (`~n`)                 | `case`, `caseId`      | set on import/merge; `imported` = case_id is not null |
 * | import_date       | `importDate`, `importedDate`    | `importDate`          | stored at import/merge                           |
 * | handling_duration | `handlingDuration` (ms); `handlingDurationIn{Seconds,Minutes,Hours,Days}` = integer division | same | import_date − created_at |
 * | observable_count  | `observableCount`               |                       | kept by every observable write                   |
 * | in_progress_date, closed_date | `inProgressDate`, `closedDate` |              |                                                  |
 * | created_at/by, updated_at/by  | `_createdAt`... `newDate` = created_at | `createdAt`...     |                            |
 *
 * Custom fields: `custom_field_value` rows with entity_type 'alert'. Observables: `observable.alert_id`
 * (index observable_org_alert).
 */

import { parseId } from '@propolis/core';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { insertRows } from '../compiled-insert.js';
import { ALERT_DEDUP_CONSTRAINT, uniqueViolation } from '../errors.js';
import { nothingWritten } from '../group-commit.js';
import { executePreparedOutsideTransactions } from '../prepared-read.js';
import type { AlertTable, Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { dialectOf } from '../visibility.js';

export type AlertRow = Selectable<AlertTable>;
type Db = Kysely<Database>;

const inScope = (db: Db, scope: Scope) =>
  db.selectFrom('alert').selectAll().where('organisation_id', '=', scope.organisationId);

export interface AlertKey {
  type: string;
  source: string;
  sourceRef: string;
}

/**
 * `type;source;sourceRef` (TheHive's name form of an alert); undefined when the text is not one.
 * Type and source cannot hold `;` (creation refuses it), so the sourceRef is everything after the second one.
 */
export function parseAlertKey(value: string): AlertKey | undefined {
  const m = /^([^;]+);([^;]+);(.+)$/s.exec(value);
  return m ? { type: m[1]!, source: m[2]!, sourceRef: m[3]! } : undefined;
}

export async function findAlertByKey(db: Db, scope: Scope, key: AlertKey): Promise<AlertRow | undefined> {
  return inScope(db, scope)
    .where('type', '=', key.type)
    .where('source', '=', key.source)
    .where('source_ref', '=', key.sourceRef)
    .executeTakeFirst();
}

/** By "~id", or by `type;source;sourceRef`. */
export async function findAlert(
  db: Db,
  scope: Scope,
  idOrKey: string | number,
): Promise<AlertRow | undefined> {
  if (typeof idOrKey === 'number') return inScope(db, scope).where('id', '=', idOrKey).executeTakeFirst();
  const id = parseId(idOrKey);
  // A read of every alert page (GET /api/v1/alert/{id}): planned once per connection (db/prepared-read.ts).
  if (id !== undefined)
    return (await executePreparedOutsideTransactions(db, inScope(db, scope).where('id', '=', id)))[0];
  const key = parseAlertKey(idOrKey);
  return key ? findAlertByKey(db, scope, key) : undefined;
}

/** By integer keys, through the primary key (`+`: as casesByIdsQuery, the organisation checked per row). */
export const alertsByIdsQuery = (db: Db, scope: Scope, ids: number[]) =>
  db
    .selectFrom('alert')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .where(sql`+${sql.ref('organisation_id')}`, '=', scope.organisationId)
    .orderBy('id');

export async function findAlertsByIds(db: Db, scope: Scope, ids: number[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  return alertsByIdsQuery(db, scope, ids).execute();
}

/** The alerts imported or merged into these cases (index alert_case). */
export async function alertsOfCases(db: Db, scope: Scope, caseIds: number[]): Promise<AlertRow[]> {
  if (caseIds.length === 0) return [];
  return inScope(db, scope)
    .where('case_id', 'in', [...new Set(caseIds)])
    .orderBy('id')
    .execute();
}

export async function insertAlert(db: Db, row: Insertable<AlertTable>): Promise<AlertRow> {
  // precompiled: the alert's INSERT is on every posted alert's path (db/compiled-insert.ts)
  const [inserted] = await insertRows<'alert', AlertRow>(db, 'alert', [row], true).catch((error: unknown) => {
    // SQLite: refused for a taken key, this one-row statement wrote nothing and the transaction goes
    // on, so a group-commit batch need not be rolled back for it (db/group-commit.ts). PostgreSQL
    // aborts the transaction instead.
    throw dialectOf(db) === 'sqlite' && uniqueViolation(error)?.constraint === ALERT_DEDUP_CONSTRAINT
      ? nothingWritten(error as object)
      : error;
  });
  if (!inserted) throw new Error('INSERT INTO alert returned no row');
  return inserted;
}

export async function updateAlert(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<AlertTable>,
): Promise<void> {
  await db
    .updateTable('alert')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

/**
 * Links a not-yet-linked alert to a case with the given columns; false when another transaction
 * linked it first (the `case_id IS NULL` condition makes import and merge happen once).
 */
export async function claimAlertForCase(
  db: Db,
  scope: Scope,
  alertId: number,
  values: Updateable<AlertTable> & { case_id: number },
): Promise<boolean> {
  const result = await db
    .updateTable('alert')
    .set(values)
    .where('id', '=', alertId)
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteAlertRows(db: Db, scope: Scope, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('alert')
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', ids)
    .execute();
}

/** Recomputes `observable_count` of alerts from their observables (index observable_org_alert). */
export async function refreshObservableCount(db: Db, scope: Scope, alertIds: number[]): Promise<void> {
  for (const id of new Set(alertIds)) {
    const row = await db
      .selectFrom('observable')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', scope.organisationId)
      .where('alert_id', '=', id)
      .executeTakeFirstOrThrow();
    await updateAlert(db, scope, id, { observable_count: Number(row.n) });
  }
}

/**
 * The alerts of these cases go back to the queue (their case is being deleted): New, unread, no
 * case (core `detachAlertFromCase`), import date and handling duration cleared.
 */
export async function detachAlertsFromCases(db: Db, scope: Scope, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .updateTable('alert')
    .set({
      case_id: null,
      status: 'New',
      stage: 'New',
      read: 0,
      import_date: null,
      handling_duration: null,
    })
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', 'in', caseIds)
    .execute();
}
