/**
 * Observables of cases, scoped by organisation. Identity inside a case is (data_type, data_key):
 * `data_key` is the SHA-256 of the canonical value, or the file's SHA-256 for attachment types
 * (unique index observable_case_unique). Similarity compares the same pair across cases of the
 * organisation through the index observable_value (organisation_id, data_key, data_type, ...;
 * migration 0036) and the partial indexes of migration 0010 (their reads are in ./similarity.ts).
 */

import { parseId } from '@propolis/core';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { insertRows } from '../compiled-insert.js';
import type { Database, ObservableTable } from '../schema.js';
import type { Scope } from '../scope.js';
import { dialectOf, observableVisible, similarityVisible } from '../visibility.js';
import { otherCasesObservablesQuery, seenCountsQuery } from './similarity.js';
import { deleteTagsOf, replaceTags } from './tags.js';

type Db = Kysely<Database>;
export type ObservableRow = Selectable<ObservableTable>;

/**
 * An observable's own columns: what it says and its stamps, apart from where it belongs (organisation,
 * case or alert, attachment). What a new alert's statement writes beside those, and what a case
 * archive carries of an observable.
 */
export const OBSERVABLE_CONTENT_COLUMNS = [
  'data_type',
  'data',
  'data_key',
  'message',
  'tlp',
  'pap',
  'tags',
  'ioc',
  'sighted',
  'sighted_at',
  'ignore_similarity',
  'start_date',
  'reports',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof ObservableTable)[];

const inScope = (db: Db, scope: Scope) =>
  db
    .selectFrom('observable')
    .selectAll()
    .where(observableVisible(scope, undefined, { dialect: dialectOf(db) }));

/** By "~id" (or the integer key); only an observable of the organisation is found. */
export async function findObservable(
  db: Db,
  scope: Scope,
  id: string | number,
): Promise<ObservableRow | undefined> {
  const n = typeof id === 'number' ? id : parseId(id);
  if (n === undefined) return undefined;
  return inScope(db, scope).where('id', '=', n).executeTakeFirst();
}

export async function findObservablesByIds(db: Db, scope: Scope, ids: number[]): Promise<ObservableRow[]> {
  if (ids.length === 0) return [];
  return inScope(db, scope)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .execute();
}

export async function observablesOfCase(db: Db, scope: Scope, caseId: number): Promise<ObservableRow[]> {
  return inScope(db, scope).where('case_id', '=', caseId).orderBy('id').execute();
}

/** The observable of the case with this identity (index observable_case_unique). */
export async function observableInCase(
  db: Db,
  scope: Scope,
  caseId: number,
  dataType: string,
  dataKey: string,
): Promise<ObservableRow | undefined> {
  return inScope(db, scope)
    .where('case_id', '=', caseId)
    .where('data_type', '=', dataType)
    .where('data_key', '=', dataKey)
    .executeTakeFirst();
}

/** What an observable belongs to: a case or an alert. */
export interface ObservableParent {
  kind: 'case' | 'alert';
  id: number;
  /**
   * Set when the parent was created in the same transaction: it holds exactly the observables in
   * this map (by type and data key), so duplicates are found without asking the database.
   */
  written?: Map<string, ObservableRow>;
}

/** The observables of these alerts, by alert (index observable_org_alert). */
export async function observablesOfAlerts(
  db: Db,
  scope: Scope,
  alertIds: number[],
): Promise<Map<number, ObservableRow[]>> {
  const out = new Map<number, ObservableRow[]>(alertIds.map((id) => [id, []]));
  if (alertIds.length === 0) return out;
  const rows = await inScope(db, scope)
    .where('alert_id', 'in', [...new Set(alertIds)])
    .orderBy('id')
    .execute();
  for (const r of rows) out.get(r.alert_id!)?.push(r);
  return out;
}

/** The observable of the case or alert with this identity (unique indexes observable_case_unique / observable_alert_unique). */
export async function observableInParent(
  db: Db,
  scope: Scope,
  parent: ObservableParent,
  dataType: string,
  dataKey: string,
): Promise<ObservableRow | undefined> {
  return inScope(db, scope)
    .where(parent.kind === 'case' ? 'case_id' : 'alert_id', '=', parent.id)
    .where('data_type', '=', dataType)
    .where('data_key', '=', dataKey)
    .executeTakeFirst();
}

/** Ids of the observables of these alerts (for alert delete). */
export async function observableIdsOfAlerts(db: Db, scope: Scope, alertIds: number[]): Promise<number[]> {
  if (alertIds.length === 0) return [];
  const rows = await db
    .selectFrom('observable')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('alert_id', 'in', [...new Set(alertIds)])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertObservable(db: Db, row: Insertable<ObservableTable>): Promise<ObservableRow> {
  return db.insertInto('observable').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Rows per multi-row INSERT: keeps the bound parameters well under SQLite's limit. */
const INSERT_CHUNK = 500;

/** Inserts new observables with one statement per 500 rows; returns the rows (in no promised order). */
export async function insertObservables(
  db: Db,
  rows: Insertable<ObservableTable>[],
): Promise<ObservableRow[]> {
  const out: ObservableRow[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    out.push(
      ...(await insertRows<'observable', ObservableRow>(
        db,
        'observable',
        rows.slice(i, i + INSERT_CHUNK),
        true,
      )),
    );
  }
  return out;
}

export async function updateObservable(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<ObservableTable>,
): Promise<void> {
  await db
    .updateTable('observable')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

/** Ids of the observables of these cases (for case merge and case delete). */
export async function observableIdsOfCases(db: Db, scope: Scope, caseIds: number[]): Promise<number[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('observable')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', 'in', [...new Set(caseIds)])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes observables with their tag rows and their attachment rows (an attachment row still
 * referenced by another observable or a task log is kept). Blobs stay: they are content-addressed
 * and may be shared.
 */
export async function deleteObservables(db: Db, scope: Scope, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await findObservablesByIds(db, scope, ids);
  if (rows.length === 0) return;
  const found = rows.map((r) => r.id);
  await deleteTagsOf(db, 'observable', found);
  await db
    .deleteFrom('observable')
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', found)
    .execute();
  const attachmentIds = [...new Set(rows.map((r) => r.attachment_id).filter((a): a is number => a !== null))];
  if (attachmentIds.length === 0) return;
  await db
    .deleteFrom('attachment')
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', attachmentIds)
    .where((eb) =>
      eb.and([
        eb.not(
          eb.exists(
            eb
              .selectFrom('observable')
              .select('observable.id')
              .whereRef('observable.attachment_id', '=', 'attachment.id'),
          ),
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom('log_attachment')
              .select('log_attachment.log_id')
              .whereRef('log_attachment.attachment_id', '=', 'attachment.id'),
          ),
        ),
      ]),
    )
    .execute();
}

/** Deletes every observable of the cases (call before deleting the cases: tags and attachments go too). */
export async function deleteObservablesOfCases(db: Db, scope: Scope, caseIds: number[]): Promise<void> {
  await deleteObservables(db, scope, await observableIdsOfCases(db, scope, caseIds));
}

// ---- similarity -----------------------------------------------------------------------------

export interface SimilarityKey {
  data_type: string;
  data_key: string;
}

export interface Seen {
  /** Number of OTHER cases holding the same observable. */
  seen: number;
  /** Whether it is an IOC in any of those cases. */
  ioc: boolean;
}

/**
 * "Seen" of each observable: the same data type and data (or file) in other cases of the
 * organisation, counted on the index observable_similar_case alone (db/repositories/similarity.ts).
 */
export async function seenOf(db: Db, scope: Scope, observables: ObservableRow[]): Promise<Map<number, Seen>> {
  const out = new Map<number, Seen>();
  const considered = observables.filter((o) => o.ignore_similarity === 0);
  for (const o of observables) out.set(o.id, { seen: 0, ioc: false });
  if (considered.length === 0) return out;
  const counts = new Map<string, { count: number; iocs: number }>();
  // Chunks keep the IN lists short on both dialects; cases shared with the organisation count too.
  for (const shared of scope.shared ? [false, true] : [false])
    for (let i = 0; i < considered.length; i += 500) {
      const rows = await seenCountsQuery(db, scope, considered.slice(i, i + 500), shared).execute();
      for (const r of rows) {
        const key = `${r.data_type}\u0000${r.data_key}`;
        const was = counts.get(key) ?? { count: 0, iocs: 0 };
        counts.set(key, { count: was.count + Number(r.count), iocs: was.iocs + Number(r.iocs ?? 0) });
      }
    }
  for (const o of considered) {
    const c = counts.get(`${o.data_type}\u0000${o.data_key}`);
    if (!c) continue;
    // The observable itself is in the counts when it belongs to a case.
    const self = o.case_id !== null ? 1 : 0;
    out.set(o.id, { seen: Math.max(0, c.count - self), ioc: c.iocs - (self ? o.ioc : 0) > 0 });
  }
  return out;
}

/**
 * The observables of other cases of the organisation that are the same as this one, newest first.
 * The page is chosen on the index observable_similar_dated alone (`offset + limit` entries, however
 * common the value), then its rows are read by primary key.
 */
export function similarObservablesQuery(
  db: Db,
  scope: Scope,
  observable: ObservableRow,
  options: { limit?: number; offset?: number; shared?: boolean } = {},
) {
  let page = db
    .selectFrom('observable')
    .select('id')
    .where(similarityVisible(scope, options.shared))
    .where('data_key', '=', observable.data_key)
    .where('data_type', '=', observable.data_type)
    // The partial index's condition, as literals (see db/repositories/similarity.ts).
    .where('case_id', '>', sql.lit(0))
    .where('ignore_similarity', '=', sql.lit(0))
    .where('id', '<>', observable.id);
  if (observable.case_id !== null) page = page.where('case_id', '<>', observable.case_id);
  page = page
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 1000)
    .offset(options.offset ?? 0);
  return db
    .selectFrom('observable')
    .selectAll()
    .where('id', 'in', page)
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc');
}

export async function similarObservables(
  db: Db,
  scope: Scope,
  observable: ObservableRow,
  options: { limit?: number; offset?: number } = {},
): Promise<ObservableRow[]> {
  if (observable.ignore_similarity) return [];
  const own = await similarObservablesQuery(db, scope, observable, options).execute();
  if (!scope.shared) return own;
  // the cases shared with the organisation too: both lists newest first, the page cut from both
  const limit = options.limit ?? 1000;
  const offset = options.offset ?? 0;
  const both = { limit: limit + offset, offset: 0 };
  const mine = offset === 0 ? own : await similarObservablesQuery(db, scope, observable, both).execute();
  const shared = await similarObservablesQuery(db, scope, observable, { ...both, shared: true }).execute();
  return [...mine, ...shared]
    .sort((a, b) => b.start_date - a.start_date || b.id - a.id)
    .slice(offset, offset + limit);
}

/** The case's observables that take part in similarity (index observable_case_unique). */
export function similarityKeysOfCaseQuery(db: Db, scope: Scope, caseId: number) {
  return db
    .selectFrom('observable')
    .select(['id', 'data_type', 'data_key'])
    .where(observableVisible(scope, undefined, { dialect: dialectOf(db) }))
    .where('case_id', '=', caseId)
    .where('ignore_similarity', '=', 0);
}

/**
 * Observables of other cases with one of these keys (index observable_value).
 * Superseded by the bounded reads of ./similarity.ts (kept for their EXPLAIN test).
 */
export function sameObservablesInOtherCasesQuery(
  db: Db,
  scope: Scope,
  caseId: number,
  keys: SimilarityKey[],
) {
  return (
    inScope(db, scope)
      .where('data_key', 'in', [...new Set(keys.map((k) => k.data_key))])
      .where('data_type', 'in', [...new Set(keys.map((k) => k.data_type))])
      // `<>` also leaves out alert observables (NULL case_id); an `is not null` here would tempt
      // SQLite into a range scan of observable_org_case.
      .where('case_id', '<>', caseId)
      .where('ignore_similarity', '=', 0)
  );
}

/**
 * Pairs (observable of the case, the same observable in another case), observables that ignore
 * similarity left out on both sides. Two indexed steps rather than a self-join, so that the plan
 * never depends on the database's statistics: the case's keys, then their matches by key (on
 * observable_similar_case, db/repositories/similarity.ts).
 */
export async function linkedObservables(
  db: Db,
  scope: Scope,
  caseId: number,
  limit = 10_000,
): Promise<Array<ObservableRow & { source_id: number }>> {
  const mine = await similarityKeysOfCaseQuery(db, scope, caseId).execute();
  const source = new Map(mine.map((m) => [`${m.data_type}\u0000${m.data_key}`, m.id]));
  const out: Array<ObservableRow & { source_id: number }> = [];
  // the organisation's own cases, then those shared with it
  for (const shared of scope.shared ? [false, true] : [false])
    for (let i = 0; i < mine.length && out.length < limit; i += 500) {
      const rows = await otherCasesObservablesQuery(
        db,
        scope,
        caseId,
        mine.slice(i, i + 500),
        limit - out.length,
        shared,
      ).execute();
      for (const r of rows) {
        const sourceId = source.get(`${r.data_type}\u0000${r.data_key}`);
        if (sourceId !== undefined) out.push({ ...r, source_id: sourceId });
      }
    }
  return out;
}

// ---- similarity of alerts ------------------------------------------------------------------

/** The alert's observables that take part in similarity (index observable_org_alert). */
export function similarityKeysOfAlertQuery(db: Db, scope: Scope, alertId: number) {
  return db
    .selectFrom('observable')
    .select(['id', 'data_type', 'data_key', 'ioc'])
    .where('organisation_id', '=', scope.organisationId)
    .where('alert_id', '=', alertId)
    .where('ignore_similarity', '=', 0);
}

/**
 * Observables of cases with one of these keys (index observable_value; `<> 0` leaves out alert
 * observables). Superseded by the bounded reads of ./similarity.ts (kept for their EXPLAIN test).
 */
export const sameObservablesInCasesQuery = (db: Db, scope: Scope, keys: SimilarityKey[]) =>
  sameObservablesInOtherCasesQuery(db, scope, 0, keys);

/**
 * Observables of other alerts with one of these keys (index observable_value).
 * Superseded by the bounded reads of ./similarity.ts (kept for their EXPLAIN test).
 */
export function sameObservablesInOtherAlertsQuery(
  db: Db,
  scope: Scope,
  alertId: number,
  keys: SimilarityKey[],
) {
  return inScope(db, scope)
    .where('data_key', 'in', [...new Set(keys.map((k) => k.data_key))])
    .where('data_type', 'in', [...new Set(keys.map((k) => k.data_type))])
    .where('alert_id', '<>', alertId)
    .where('ignore_similarity', '=', 0);
}

/**
 * Per case: its number of observables and of IOCs (on the index observable_case_counts alone; the
 * organisation's own cases, or with `shared` the cases shared with it).
 */
export function observableCountsOfCasesQuery(db: Db, scope: Scope, caseIds: number[], shared = false) {
  return (
    db
      .selectFrom('observable')
      .select([
        'case_id',
        (eb) => eb.fn.countAll<number>().as('count'),
        (eb) => eb.fn.sum<number>('ioc').as('iocs'),
      ])
      .where(similarityVisible(scope, shared))
      .where('case_id', 'in', caseIds)
      // the partial index observable_case_counts's condition, as a literal: counted on the index alone
      .where('case_id', '>', sql.lit(0))
      .groupBy('case_id')
  );
}

/** Per alert: its number of observables and of IOCs (index observable_org_alert). */
export function observableCountsOfAlertsQuery(db: Db, scope: Scope, alertIds: number[]) {
  return db
    .selectFrom('observable')
    .select([
      'alert_id',
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.sum<number>('ioc').as('iocs'),
    ])
    .where('organisation_id', '=', scope.organisationId)
    .where('alert_id', 'in', alertIds)
    .groupBy('alert_id');
}

// ---- copy (case merge) ----------------------------------------------------------------------

/**
 * How a copy is written: by whom, and the rule that merges a copied observable into the same one
 * already in the target case (the domain's, domain/observables/merge-rule.ts).
 */
export interface CopyOptions {
  by: string;
  merge: (
    existing: ObservableRow,
    incoming: ObservableRow,
    now: number,
  ) => Updateable<ObservableTable> | undefined;
  /** Copy only these observables (ids) of the sources; all of them when absent. */
  only?: readonly number[];
}

export interface CopyResult {
  /** Observables created in the target case. */
  created: ObservableRow[];
  /** Observables of the target case that absorbed a copied one (merged by `CopyOptions.merge`). */
  merged: ObservableRow[];
}

/**
 * Copies the observables of `fromCaseIds` into `toCaseId` inside the caller's transaction: an
 * observable already in the target (same data type and data or file) is merged into it (tags
 * union, ioc/sighted OR, messages joined, earliest start date), others are created with their own
 * attachment row on the same blob. The source observables are left untouched (the caller deletes
 * or keeps the source cases). No audit rows are written: the caller audits the merge.
 */
export async function copyObservablesToCase(
  trx: Db,
  scope: Scope,
  fromCaseIds: number[],
  toCaseId: number,
  options: CopyOptions,
): Promise<CopyResult> {
  const sources = fromCaseIds.length
    ? await inScope(trx, scope)
        .where(
          'case_id',
          'in',
          [...new Set(fromCaseIds)].filter((id) => id !== toCaseId),
        )
        .orderBy('id')
        .execute()
    : [];
  return copyRowsToCase(trx, scope, sources, toCaseId, options);
}

/** The same for the observables of alerts (alert import and merge); the alert keeps its own. */
export async function copyAlertObservablesToCase(
  trx: Db,
  scope: Scope,
  alertIds: number[],
  toCaseId: number,
  options: CopyOptions,
): Promise<CopyResult> {
  let query = inScope(trx, scope).where('alert_id', 'in', [...new Set(alertIds)]);
  if (options.only) query = query.where('id', 'in', [...new Set(options.only)]);
  const sources = alertIds.length && options.only?.length !== 0 ? await query.orderBy('id').execute() : [];
  return copyRowsToCase(trx, scope, sources, toCaseId, options);
}

async function copyRowsToCase(
  trx: Db,
  scope: Scope,
  sources: ObservableRow[],
  toCaseId: number,
  { by: actorLogin, merge }: CopyOptions,
): Promise<CopyResult> {
  const now = Date.now();
  const created = new Map<number, ObservableRow>();
  const merged = new Map<number, ObservableRow>();
  for (const src of sources) {
    const existing = await observableInCase(trx, scope, toCaseId, src.data_type, src.data_key);
    if (existing) {
      const change = merge(existing, src, now);
      if (change) {
        await updateObservable(trx, scope, existing.id, {
          ...change,
          updated_at: now,
          updated_by: actorLogin,
        });
        const row = { ...existing, ...change, updated_at: now, updated_by: actorLogin } as ObservableRow;
        if (change.tags !== undefined)
          await replaceTags(trx, scope.organisationId, 'observable', existing.id, JSON.parse(change.tags));
        if (created.has(existing.id)) created.set(existing.id, row);
        else merged.set(existing.id, row);
      }
      continue;
    }
    let attachmentId: number | null = null;
    if (src.attachment_id !== null) {
      const att = await trx
        .selectFrom('attachment')
        .selectAll()
        .where('organisation_id', '=', scope.organisationId)
        .where('id', '=', src.attachment_id)
        .executeTakeFirst();
      if (att) {
        const copy = await trx
          .insertInto('attachment')
          .values({
            organisation_id: scope.organisationId,
            blob_sha256: att.blob_sha256,
            name: att.name,
            content_type: att.content_type,
            size: att.size,
            created_at: now,
            created_by: actorLogin,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        attachmentId = copy.id;
      }
    }
    const { id: _id, ...rest } = src;
    const row = await insertObservable(trx, {
      ...rest,
      case_id: toCaseId,
      alert_id: null,
      attachment_id: attachmentId,
      created_at: now,
      created_by: actorLogin,
      updated_at: null,
      updated_by: null,
    });
    await replaceTags(trx, scope.organisationId, 'observable', row.id, JSON.parse(row.tags) as string[]);
    created.set(row.id, row);
  }
  return { created: [...created.values()], merged: [...merged.values()] };
}

/** Every observable of a type, of every organisation (retyping a type is platform-wide). */
export async function observablesOfTypeAllOrganisations(db: Db, dataType: string): Promise<ObservableRow[]> {
  return db.selectFrom('observable').selectAll().where('data_type', '=', dataType).orderBy('id').execute();
}

/** The observable of the same case (or alert) with this type and value key, if any. */
export async function findTwinObservable(
  db: Db,
  of: ObservableRow,
  dataType: string,
  dataKey: string | null,
): Promise<ObservableRow | undefined> {
  const parent = of.case_id !== null ? ('case_id' as const) : ('alert_id' as const);
  return db
    .selectFrom('observable')
    .selectAll()
    .where(parent, '=', (of[parent] ?? -1) as number)
    .where('data_type', '=', dataType)
    .where('data_key', '=', dataKey as string)
    .executeTakeFirst();
}
