/**
 * PostgreSQL: a new alert, its tags, its observables, their tags and the audit rows of all of them
 * written by ONE statement (data-modifying CTEs), where the portable path sends four (alert, tags,
 * observables, audit) and waits for each. Every round trip costs the backend a receive, a bind, an
 * executor start and a send, and the server a promise and a wake-up; with group commit a posted
 * alert was five round trips (its savepoint and the four INSERTs), now two.
 *
 * The observables and audit rows are passed as one array per column (`unnest`), so the statement's
 * text is the same whatever the number of observables and tags: it is prepared once per connection
 * (db/pg-prepared.ts names texts that start with `with new_alert as (insert into`).
 *
 * The ids the rows get are known inside the statement only: the observables' tags and the audit
 * rows find their observable by its identity in the alert (data type and data key, unique there),
 * and audit rows keep the order given (`ORDER BY` the position: their ids follow it).
 */
import { type Insertable, sql, type Transaction } from 'kysely';
import type { AlertTable, AuditTable, Database, ObservableTable } from '../schema.js';
import type { AlertRow } from './alerts.js';

export interface NewAlertGraph {
  alert: Insertable<AlertTable>;
  alertTags: readonly string[];
  /** Observables of the alert (alert_id is set by the statement), each with its tags; identities unique. */
  observables: ReadonlyArray<{ row: Insertable<ObservableTable>; tags: readonly string[] }>;
  /**
   * Audit rows in order. `object_id` and `root_id` are set by the statement: the alert's id, or the
   * id of the observable of this data type and key (`observable`).
   */
  audit: ReadonlyArray<{
    row: Omit<Insertable<AuditTable>, 'object_id' | 'root_id'>;
    observable?: { dataType: string; dataKey: string };
  }>;
}

/** PostgreSQL types of the observable columns, for the arrays passed to `unnest`. */
const OBSERVABLE_TYPES: Record<string, string> = {
  organisation_id: 'bigint',
  case_id: 'bigint',
  data_type: 'text',
  data: 'text',
  data_key: 'text',
  attachment_id: 'bigint',
  message: 'text',
  tlp: 'integer',
  pap: 'integer',
  tags: 'text',
  ioc: 'integer',
  sighted: 'integer',
  sighted_at: 'bigint',
  ignore_similarity: 'integer',
  start_date: 'bigint',
  reports: 'text',
  created_at: 'bigint',
  created_by: 'text',
  updated_at: 'bigint',
  updated_by: 'text',
};

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
const AUDIT_TYPES: Record<(typeof AUDIT_COLUMNS)[number], string> = {
  request_id: 'text',
  organisation_id: 'bigint',
  user_login: 'text',
  action: 'text',
  object_type: 'text',
  details: 'text',
  main_action: 'integer',
  created_at: 'bigint',
  acting_organisation_id: 'bigint',
};

const id = (name: string) => sql.ref(name);
const list = (names: string[]) =>
  sql.join(
    names.map((n) => id(n)),
    sql`, `,
  );

/** Writes the alert and everything that hangs off it; returns the alert's row. */
export async function insertNewAlertGraph(trx: Transaction<Database>, g: NewAlertGraph): Promise<AlertRow> {
  const alertColumns = Object.keys(g.alert).sort() as Array<keyof typeof g.alert>;
  const obsColumns = Object.keys(OBSERVABLE_TYPES).filter((c) => c !== 'alert_id');
  for (const o of g.observables)
    for (const key of Object.keys(o.row))
      if (key !== 'alert_id' && !(key in OBSERVABLE_TYPES))
        throw new Error(`insertNewAlertGraph: observable column ${key} has no type`);
  const column = (c: string) =>
    g.observables.map((o) => (o.row as Record<string, unknown>)[c] ?? null) as unknown[];
  const obsArrays = sql.join(
    obsColumns.map((c) => sql`${column(c)}::${sql.raw(OBSERVABLE_TYPES[c]!)}[]`),
    sql`, `,
  );
  const obsTags = g.observables.flatMap((o) =>
    [...new Set(o.tags)].map((tag) => ({ type: o.row.data_type, key: o.row.data_key, tag })),
  );
  const auditArrays = sql.join(
    [
      ...AUDIT_COLUMNS.map(
        (c) =>
          sql`${g.audit.map((a) => (a.row as Record<string, unknown>)[c] ?? null)}::${sql.raw(AUDIT_TYPES[c])}[]`,
      ),
      sql`${g.audit.map((a) => a.observable?.dataType ?? null)}::text[]`,
      sql`${g.audit.map((a) => a.observable?.dataKey ?? null)}::text[]`,
    ],
    sql`, `,
  );
  const result =
    await sql<AlertRow>`with new_alert as (insert into alert (${list(alertColumns)}) values (${sql.join(
      alertColumns.map((c) => sql`${g.alert[c]}`),
      sql`, `,
    )}) returning *),
new_alert_tags as (insert into entity_tag (organisation_id, entity_type, entity_id, tag)
  select a.organisation_id, 'alert', a.id, t.tag from new_alert a, unnest(${[...new Set(g.alertTags)]}::text[]) as t(tag)),
new_observables as (insert into observable (alert_id, ${list(obsColumns)})
  select a.id, ${list(obsColumns.map((c) => `v.${c}`))} from new_alert a,
  unnest(${obsArrays}) with ordinality as v(${list(obsColumns)}, ord) order by v.ord
  returning id, data_type, data_key),
new_observable_tags as (insert into entity_tag (organisation_id, entity_type, entity_id, tag)
  select a.organisation_id, 'observable', o.id, t.tag from new_alert a, new_observables o
  join unnest(${obsTags.map((t) => t.type)}::text[], ${obsTags.map((t) => t.key)}::text[], ${obsTags.map((t) => t.tag)}::text[]) as t(data_type, data_key, tag)
  on t.data_type = o.data_type and t.data_key = o.data_key),
new_audit as (insert into audit (${list([...AUDIT_COLUMNS])}, object_id, root_id)
  select ${list(AUDIT_COLUMNS.map((c) => `x.${c}`))}, '~' || coalesce(o.id, a.id), '~' || a.id
  from new_alert a cross join unnest(${auditArrays}) with ordinality as x(${list([...AUDIT_COLUMNS])}, data_type, data_key, ord)
  left join new_observables o on o.data_type = x.data_type and o.data_key = x.data_key
  order by x.ord)
select * from new_alert`.execute(trx);
  return result.rows[0]!;
}
