/**
 * An alert read with what its similarity answer needs first: the row, its custom field values and
 * its similarity keys (the values of its observables that take part in similarity). On SQLite these
 * are the three reads they are everywhere else (in-process, about 0.1 ms together); on PostgreSQL
 * they are one statement, the row with the values and the keys as JSON aggregates beside it: one
 * round trip instead of three (each about 0.37 ms of the server's CPU to send, plus a wait for the
 * backend), run as a named prepared statement outside transactions (db/prepared-read.ts).
 */
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import { executePrepared, executePreparedOutsideTransactions } from '../prepared-read.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { dialectOf } from '../visibility.js';
import { type AlertRow, findAlert } from './alerts.js';
import { type CustomFieldValueJoined, valuesOf } from './custom-field-values.js';
import { type SimilarityKey, similarityKeysOfAlertQuery } from './observables.js';

type Db = Kysely<Database>;

export interface AlertPage {
  row: AlertRow;
  /** Its custom field values, in the order valuesOf reads them (order, then id). */
  customFields: CustomFieldValueJoined[];
  /** The values of its observables that take part in similarity (on PostgreSQL by type, then value). */
  keys: SimilarityKey[];
}

/** The alert of this id in the scope's organisation with its custom field values and similarity keys. */
export async function readAlertPage(db: Db, scope: Scope, id: number): Promise<AlertPage | undefined> {
  if (dialectOf(db) !== 'postgres') {
    const row = await findAlert(db, scope, id);
    if (!row) return undefined;
    return {
      row,
      customFields: await valuesOf(db, 'alert', [id]),
      keys: await executePrepared(db, similarityKeysOfAlertQuery(db, scope, id)),
    };
  }
  const [found] = await executePreparedOutsideTransactions(db, alertPagePg(scope, id));
  if (!found) return undefined;
  const { page_custom_fields, page_keys, ...row } = found;
  return {
    row,
    customFields: page_custom_fields ?? [],
    keys: (page_keys ?? []).map(([data_type, data_key]) => ({ data_type, data_key })),
  };
}

/**
 * PostgreSQL: `select *` of the alert (primary key) with two scalar subqueries, the custom field
 * values (valuesOf's columns and order) and the keys, as JSON. The keys come in the order the
 * separate read gave them, that of its index observable_alert_unique (type, then value: an alert
 * holds each once): the answer's per-type counts are listed in the order of the keys.
 * JSON numbers parse to what the pg driver gives these columns (int, int8 as Number, float8). A
 * fixed text, written once (building it through Kysely on every answer cost more than it saves).
 */
const ALERT_PAGE_PG = `SELECT a.*,
  (SELECT json_agg(cf ORDER BY cf."order", cf.id) FROM (SELECT v.*, f.name, f.display_name, f.description, f.type
     FROM custom_field_value v JOIN custom_field f ON f.id = v.field_id
    WHERE v.entity_type = 'alert' AND v.entity_id = a.id) cf) AS page_custom_fields,
  (SELECT json_agg(json_build_array(o.data_type, o.data_key) ORDER BY o.data_type, o.data_key) FROM observable o
    WHERE o.organisation_id = a.organisation_id AND o.alert_id = a.id AND o.ignore_similarity = 0) AS page_keys
FROM alert a WHERE a.organisation_id = $1 AND a.id = $2`;

interface AlertPageRowPg extends AlertRow {
  page_custom_fields: CustomFieldValueJoined[] | null;
  page_keys: Array<[string, string]> | null;
}

const alertPagePg = (scope: Scope, id: number): Compilable<AlertPageRowPg> => ({
  compile: () =>
    CompiledQuery.raw(ALERT_PAGE_PG, [scope.organisationId, id]) as CompiledQuery<AlertPageRowPg>,
});
