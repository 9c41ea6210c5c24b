/**
 * PostgreSQL: new alerts, their tags, their observables, their observables' tags and the audit rows
 * of all of them written by ONE statement (data-modifying CTEs), where the portable path sends four
 * statements per alert (alert, tags, observables, audit) and waits for each. Every round trip costs
 * the backend a receive, a bind, an executor start (opening the tables and their dozen indexes each)
 * and a send, and the server a promise, a socket write and a wake-up.
 *
 * Group commit hands this statement all the new alerts of a batch at once (`combine`,
 * db/group-commit.ts): a batch of 30 alerts is one round trip, where one per alert cost two
 * (a savepoint and the statement) and one statement per table five.
 *
 * The rows travel as JSON (one array per table) that PostgreSQL turns into rows of the table's own
 * type (`json_populate_record`), so the statement's text is the same whatever the number of alerts,
 * observables and tags: it is built once per set of alert columns and prepared once per connection
 * (db/pg-prepared.ts names texts that start with `with new_alert_input as (`).
 *
 * A duplicate alert writes nothing and fails no statement: `ON CONFLICT DO NOTHING` on alert_dedup
 * (which waits for another transaction holding the same key, and skips the alert if that one
 * commits). The alerts are inserted in the order of their keys, not as given: two batches that
 * share keys (a SIEM sending an alert again while the first post is in flight) then take them in
 * the same order, the later one waiting for the earlier, where in the order given each could hold a
 * key the other waits for, a deadlock that PostgreSQL breaks after a second (`deadlock_timeout`) by
 * refusing one, to be run again. The ids the rows get are known inside the statement only: an
 * observable finds its alert by the alert's position in the input, tags and audit rows find their
 * observable by its identity in the alert (data type and data key, unique there), and the other
 * rows keep the order given (`ORDER BY` the positions: ids follow it).
 */
import { CompiledQuery, sql, type Transaction } from 'kysely';
import { duplicateAlert } from '../errors.js';
import { type Combinable, nothingWritten } from '../group-commit.js';
import type { Database } from '../schema.js';
import type { AlertRow } from './alerts.js';
import type { NewAlertGraph } from './new-alert-graph.js';
import { OBSERVABLE_CONTENT_COLUMNS } from './observables.js';

/** The observable columns the statement writes (alert_id aside). */
const OBSERVABLE_COLUMNS = [
  'organisation_id',
  'case_id',
  'attachment_id',
  ...OBSERVABLE_CONTENT_COLUMNS,
] as const;
const OBSERVABLE_SET = new Set<string>(OBSERVABLE_COLUMNS);

const AUDIT_COLUMNS = [
  'request_id',
  'organisation_id',
  'user_login',
  'action',
  'object_type',
  'details',
  'main_action',
  'created_at',
  'acting_organisation_id',
] as const;

const list = (names: readonly string[], prefix = '') =>
  sql.join(
    names.map((n) => (prefix ? sql.ref(`${prefix}.${n}`) : sql.ref(n))),
    sql`, `,
  );

/** The statement's text by the alerts' columns (the same for every alert of a route): built once. */
const texts = new Map<string, string>();
const MAX_TEXTS = 50;

/** The error of an alert whose key is taken: the one a violation of alert_dedup gives. */
const duplicate = () => nothingWritten(duplicateAlert());

/** Writes one alert and everything that hangs off it; returns the alert's row (see insertNewAlertGraphs). */
export async function insertNewAlertGraph(trx: Transaction<Database>, g: NewAlertGraph): Promise<AlertRow> {
  const [result] = await insertNewAlertGraphs(trx, [g]);
  if ('error' in result!) throw result.error;
  return result!.value;
}

/**
 * Writes alerts and everything that hangs off them, in one statement; returns for each alert, in
 * order, its row, or the ConflictError of a taken key (marked `nothingWritten`: the transaction is
 * still usable). Alerts must have the same columns. A database error fails the whole statement.
 */
export async function insertNewAlertGraphs(
  trx: Transaction<Database>,
  graphs: readonly NewAlertGraph[],
): Promise<Array<{ value: AlertRow } | { error: unknown }>> {
  const alertColumns = Object.keys(graphs[0]!.alert).sort();
  const shape = alertColumns.join(',');
  const results: Array<{ value: AlertRow } | { error: unknown }> = graphs.map(() => ({ error: undefined }));
  const parameters = parametersOf(graphs, shape, results);
  if (parameters === undefined) return results;
  let text = texts.get(shape);
  if (text === undefined) {
    text = statement(alertColumns).compile(trx).sql;
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(shape, text);
  }
  const { rows } = await trx.executeQuery<AlertRow & { o: number }>(CompiledQuery.raw(text, parameters));
  for (const { o, ...row } of rows) results[o] = { value: row as AlertRow };
  return results.map((r) => ('error' in r && r.error === undefined ? { error: duplicate() } : r));
}

/** A row's JSON with more fields at its end (PostgreSQL's json functions take the last of a repeated key). */
function withFields(json: string, fields: string): string {
  return json.length === 2 ? `{${fields}}` : `${json.slice(0, -1)},${fields}}`;
}

/**
 * The statement's five parameters: JSON arrays of the alerts, their tags, observables, observables'
 * tags and audit rows, each row with the position `o` of its alert in the input. Built as text row by
 * row, without copying the rows into new objects first, and in a function of its own, so that
 * nothing but the five strings stays reachable while the statement runs: under load, what a request
 * holds across the database's round trip outlives a young-generation collection and is promoted to
 * the old generation, which is what grows the process's memory (docs/performance.md). `undefined`
 * when no alert is left to write (each was a key given twice in this call: `results` says so).
 */
function parametersOf(
  graphs: readonly NewAlertGraph[],
  shape: string,
  results: Array<{ value: AlertRow } | { error: unknown }>,
): string[] | undefined {
  // A key given twice: the later ones are duplicates of the first.
  const keys = new Set<string>();
  const alerts: string[] = [];
  const alertTags: string[] = [];
  const observables: string[] = [];
  const observableTags: string[] = [];
  const audit: string[] = [];
  // stamped when written, in the writing transaction, as appendAudit does
  const now = Date.now();
  for (const [i, g] of graphs.entries()) {
    if (Object.keys(g.alert).sort().join(',') !== shape)
      throw new Error('insertNewAlertGraphs: alerts with different columns');
    const a = g.alert;
    const key = JSON.stringify([a.organisation_id, a.type, a.source, a.source_ref]);
    if (keys.has(key)) {
      results[i] = { error: duplicate() };
      continue;
    }
    keys.add(key);
    // `o` is the alert's position in the input (JSON of its own, as the rows' other fields)
    alerts.push(withFields(JSON.stringify(a), `"o":${i}`));
    for (const tag of new Set(g.alertTags)) alertTags.push(JSON.stringify({ o: i, tag }));
    for (const { row, tags } of g.observables) {
      for (const column of Object.keys(row))
        if (column !== 'alert_id' && !OBSERVABLE_SET.has(column))
          throw new Error(`insertNewAlertGraphs: observable column ${column} is not written`);
      // alert_id is not read from the row: the statement sets it
      observables.push(withFields(JSON.stringify(row), `"o":${i}`));
      for (const tag of new Set(tags))
        observableTags.push(JSON.stringify({ o: i, data_type: row.data_type, data_key: row.data_key, tag }));
    }
    for (const { row, observable } of g.audit)
      audit.push(
        withFields(
          JSON.stringify(row),
          `"created_at":${now},"o":${i},"data_type":${JSON.stringify(observable?.dataType ?? null)},"data_key":${JSON.stringify(observable?.dataKey ?? null)}`,
        ),
      );
  }
  if (alerts.length === 0) return undefined;
  return [alerts, alertTags, observables, observableTags, audit].map((rows) => `[${rows.join(',')}]`);
}

/**
 * The statement; its five parameters are JSON arrays of rows (see insertNewAlertGraphs), parsed once
 * each as `jsonb`: as `json`, every field read (`->>`, and `json_populate_record`'s per row) lexed
 * the row's text again, de-escaping its strings character by character, and the audit rows' fields
 * were read inside join conditions, once per pair compared. That was a quarter of PostgreSQL's CPU
 * per alert under the benchmark's load (perf: json_lex, appendStringInfoChar). Like `json`, `jsonb`
 * keeps the last of a repeated key (`withFields`).
 */
function statement(alertColumns: string[]) {
  const p = (i: number) => sql.raw(`$${i}::jsonb`);
  return sql`with new_alert_input as (
  select r.*, (e.j->>'o')::int as o from jsonb_array_elements(${p(1)}) as e(j), jsonb_populate_record(null::alert, e.j) as r),
new_alert as (insert into alert (${list(alertColumns)})
  select ${list(alertColumns)} from new_alert_input order by organisation_id, type, source, source_ref
  on conflict (organisation_id, type, source, source_ref) do nothing returning *),
new_alert_position as (select n.id, n.organisation_id, i.o from new_alert n
  join new_alert_input i on i.organisation_id = n.organisation_id and i.type = n.type
  and i.source = n.source and i.source_ref = n.source_ref),
new_alert_tags as (insert into entity_tag (organisation_id, entity_type, entity_id, tag)
  select a.organisation_id, 'alert', a.id, t.tag from new_alert_position a
  join jsonb_to_recordset(${p(2)}) as t(o int, tag text) on t.o = a.o),
new_observable_input as (
  select r.*, (e.j->>'o')::int as o, e.n from jsonb_array_elements(${p(3)}) with ordinality as e(j, n),
  jsonb_populate_record(null::observable, e.j) as r),
new_observables as (insert into observable (alert_id, ${list(OBSERVABLE_COLUMNS)})
  select a.id, ${list(OBSERVABLE_COLUMNS, 'v')} from new_observable_input v
  join new_alert_position a on a.o = v.o order by v.o, v.n
  returning id, alert_id, data_type, data_key),
new_observable_tags as (insert into entity_tag (organisation_id, entity_type, entity_id, tag)
  select a.organisation_id, 'observable', o.id, t.tag from new_alert_position a
  join new_observables o on o.alert_id = a.id
  join jsonb_to_recordset(${p(4)}) as t(o int, data_type text, data_key text, tag text)
  on t.o = a.o and t.data_type = o.data_type and t.data_key = o.data_key),
new_audit_input as materialized (
  select x.*, (e.j->>'o')::int as audit_o, e.j->>'data_type' as audit_data_type,
  e.j->>'data_key' as audit_data_key, e.n as audit_n
  from jsonb_array_elements(${p(5)}) with ordinality as e(j, n)
  cross join jsonb_populate_record(null::audit, e.j) as x),
new_audit as (insert into audit (${list(AUDIT_COLUMNS)}, object_id, root_id)
  select ${list(AUDIT_COLUMNS, 'x')}, '~' || coalesce(o.id, a.id), '~' || a.id
  from new_audit_input x
  join new_alert_position a on a.o = x.audit_o
  left join new_observables o on o.alert_id = a.id and o.data_type = x.audit_data_type and o.data_key = x.audit_data_key
  order by a.o, x.audit_n)
select n.*, a.o from new_alert n join new_alert_position a on a.id = n.id`;
}

/** Kinds of combinable new alerts, by their columns (alerts with other columns need another statement). */
const kinds = new Map<string, object>();

/** How group commit runs a new alert together with the others of its batch (`combine`, db/group-commit.ts). */
export function newAlertUnit(graph: NewAlertGraph): Combinable<NewAlertGraph, AlertRow> {
  const shape = Object.keys(graph.alert).sort().join(',');
  let kind = kinds.get(shape);
  if (kind === undefined) {
    kind = { shape };
    if (kinds.size < MAX_TEXTS) kinds.set(shape, kind);
  }
  return { kind, input: graph, runAll: insertNewAlertGraphs };
}
