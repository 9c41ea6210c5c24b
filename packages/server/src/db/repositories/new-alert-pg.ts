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
 * Its text is built once per set of alert columns (Kysely compiles it the first time) and later
 * calls only gather the parameters. A duplicate alert writes nothing and fails no statement (`ON
 * CONFLICT DO NOTHING`), so group commit runs it without a savepoint of its own: one round trip per
 * alert inside a batch, where a savepoint made two.
 *
 * The ids the rows get are known inside the statement only: the observables' tags and the audit
 * rows find their observable by its identity in the alert (data type and data key, unique there),
 * and audit rows keep the order given (`ORDER BY` the position: their ids follow it).
 */
import { CompiledQuery, type Insertable, sql, type Transaction } from 'kysely';
import { ALERT_DEDUP_CONSTRAINT, UniqueConflictError } from '../errors.js';
import { nothingWritten } from '../group-commit.js';
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

/** The statement's text by the alert's columns (the same for every alert of a route): built once. */
const texts = new Map<string, string>();
const MAX_TEXTS = 50;

/**
 * Writes the alert and everything that hangs off it; returns the alert's row. An alert whose key
 * (organisation, type, source, sourceRef) is taken, committed or not, is not written (`ON CONFLICT
 * DO NOTHING` on alert_dedup, which waits for the other writer's outcome), and the statement writes
 * nothing at all: it then throws the UniqueConflictError that a violation of alert_dedup gives,
 * without aborting the transaction, so that group commit needs no savepoint around it.
 */
export async function insertNewAlertGraph(trx: Transaction<Database>, g: NewAlertGraph): Promise<AlertRow> {
  const alertColumns = Object.keys(g.alert).sort() as Array<keyof typeof g.alert>;
  for (const o of g.observables)
    for (const key of Object.keys(o.row))
      if (key !== 'alert_id' && !(key in OBSERVABLE_TYPES))
        throw new Error(`insertNewAlertGraph: observable column ${key} has no type`);
  const column = (c: string) =>
    g.observables.map((o) => (o.row as Record<string, unknown>)[c] ?? null) as unknown[];
  const obsTags = g.observables.flatMap((o) =>
    [...new Set(o.tags)].map((tag) => ({ type: o.row.data_type, key: o.row.data_key, tag })),
  );
  // The parameters in the order of the statement's placeholders.
  const parameters: unknown[] = [
    ...alertColumns.map((c) => g.alert[c]),
    [...new Set(g.alertTags)],
    ...OBSERVABLE_COLUMNS.map(column),
    obsTags.map((t) => t.type),
    obsTags.map((t) => t.key),
    obsTags.map((t) => t.tag),
    ...AUDIT_COLUMNS.map((c) => g.audit.map((a) => (a.row as Record<string, unknown>)[c] ?? null)),
    g.audit.map((a) => a.observable?.dataType ?? null),
    g.audit.map((a) => a.observable?.dataKey ?? null),
  ];
  const shape = alertColumns.join(',');
  let text = texts.get(shape);
  if (text === undefined) {
    const compiled = statement(alertColumns, parameters).compile(trx);
    if (
      compiled.parameters.length !== parameters.length ||
      compiled.parameters.some((v, i) => v !== parameters[i])
    )
      throw new Error('insertNewAlertGraph: parameters out of order');
    text = compiled.sql;
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(shape, text);
  }
  const result = await trx.executeQuery<AlertRow>(CompiledQuery.raw(text, parameters));
  const row = result.rows[0];
  if (row === undefined)
    throw nothingWritten(
      new UniqueConflictError({
        constraint: ALERT_DEDUP_CONSTRAINT,
        detail: 'Key (organisation_id, type, source, source_ref) already exists.',
      }),
    );
  return row;
}

const OBSERVABLE_COLUMNS = Object.keys(OBSERVABLE_TYPES);

/** The statement, its values taken from `p` in order (the order `insertNewAlertGraph` gives them). */
function statement(alertColumns: string[], p: unknown[]) {
  let i = 0;
  const next = () => sql`${p[i++]}`;
  const alertValues = sql.join(
    alertColumns.map(() => next()),
    sql`, `,
  );
  const alertTags = next();
  const obsArrays = sql.join(
    OBSERVABLE_COLUMNS.map((c) => sql`${next()}::${sql.raw(OBSERVABLE_TYPES[c]!)}[]`),
    sql`, `,
  );
  const [tagTypes, tagKeys, tagNames] = [next(), next(), next()];
  const auditArrays = sql.join(
    [
      ...AUDIT_COLUMNS.map((c) => sql`${next()}::${sql.raw(AUDIT_TYPES[c])}[]`),
      sql`${next()}::text[]`,
      sql`${next()}::text[]`,
    ],
    sql`, `,
  );
  return sql<AlertRow>`with new_alert as (insert into alert (${list(alertColumns)}) values (${alertValues})
  on conflict (organisation_id, type, source, source_ref) do nothing returning *),
new_alert_tags as (insert into entity_tag (organisation_id, entity_type, entity_id, tag)
  select a.organisation_id, 'alert', a.id, t.tag from new_alert a, unnest(${alertTags}::text[]) as t(tag)),
new_observables as (insert into observable (alert_id, ${list(OBSERVABLE_COLUMNS)})
  select a.id, ${list(OBSERVABLE_COLUMNS.map((c) => `v.${c}`))} from new_alert a,
  unnest(${obsArrays}) with ordinality as v(${list(OBSERVABLE_COLUMNS)}, ord) order by v.ord
  returning id, data_type, data_key),
new_observable_tags as (insert into entity_tag (organisation_id, entity_type, entity_id, tag)
  select a.organisation_id, 'observable', o.id, t.tag from new_alert a, new_observables o
  join unnest(${tagTypes}::text[], ${tagKeys}::text[], ${tagNames}::text[]) as t(data_type, data_key, tag)
  on t.data_type = o.data_type and t.data_key = o.data_key),
new_audit as (insert into audit (${list([...AUDIT_COLUMNS])}, object_id, root_id)
  select ${list(AUDIT_COLUMNS.map((c) => `x.${c}`))}, '~' || coalesce(o.id, a.id), '~' || a.id
  from new_alert a cross join unnest(${auditArrays}) with ordinality as x(${list([...AUDIT_COLUMNS])}, data_type, data_key, ord)
  left join new_observables o on o.data_type = x.data_type and o.data_key = x.data_key
  order by x.ord)
select * from new_alert`;
}
