/**
 * A fingerprint of everything one organisation owns (and of the platform-wide definitions), read
 * straight from the database: the tenant matrix compares it before and after each foreign request,
 * so a request that changed another organisation's data is caught whatever it answered.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { TestServer } from '../../test-support/server.js';

const ORG_TABLES = [
  'case',
  'task',
  'task_log',
  'observable',
  'attachment',
  'alert',
  'case_template',
  'custom_field_value',
  'entity_tag',
  'case_restriction',
  'organisation_link',
  'dashboard',
] as const;
/** Tables without an id column: their rows are compared as a sorted set. */
const UNORDERED = new Set<string>([
  'entity_tag',
  'custom_field_value',
  'case_restriction',
  'organisation_link',
]);
const PLATFORM_TABLES = ['organisation', 'profile', 'custom_field', 'observable_type'] as const;

export type Snapshot = Record<string, string>;

const digest = (rows: unknown[]) =>
  createHash('sha256')
    .update(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
    .digest('hex');

/**
 * One digest per table: the organisation's rows, its members' user rows (but `exceptUser`, whose
 * own password or session may legitimately change) and memberships, and the platform tables.
 */
export async function snapshotOrganisation(
  server: TestServer,
  organisation: string,
  exceptUser?: string,
): Promise<Snapshot> {
  const db = server.propolis.storage.db as any;
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', organisation)
    .executeTakeFirstOrThrow();
  const out: Snapshot = {};
  for (const table of ORG_TABLES) {
    const rows = await db
      .selectFrom(table)
      .selectAll()
      .where('organisation_id', '=', org.id)
      .orderBy(UNORDERED.has(table) ? sql`1` : 'id')
      .execute();
    out[table] = digest(UNORDERED.has(table) ? rows.map((r: unknown) => JSON.stringify(r)).sort() : rows);
  }
  // the shares of the organisation's cases, with the tasks and observables they give
  const caseIds = db.selectFrom('case').select('id').where('organisation_id', '=', org.id);
  const shares = await db
    .selectFrom('share')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('id')
    .execute();
  out.share = digest(shares);
  const shareIds = shares.map((r: { id: number }) => r.id);
  for (const table of ['task_share', 'observable_share', 'case_access']) {
    const rows =
      table === 'case_access'
        ? await db.selectFrom(table).selectAll().where('case_id', 'in', caseIds).execute()
        : shareIds.length === 0
          ? []
          : await db.selectFrom(table).selectAll().where('share_id', 'in', shareIds).execute();
    out[table] = digest(rows.map((r: unknown) => JSON.stringify(r)).sort());
  }
  const members = await db
    .selectFrom('membership')
    .selectAll()
    .where('organisation_id', '=', org.id)
    .orderBy('user_id')
    .execute();
  out.membership = digest(members);
  const users = await db
    .selectFrom('user')
    .select([
      'id',
      'login',
      'name',
      'email',
      'password_hash',
      'api_key_hash',
      'locked',
      'totp_secret',
      'avatar',
    ])
    .where(
      'id',
      'in',
      members.map((m: { user_id: number }) => m.user_id),
    )
    .where('login', '!=', exceptUser ?? '')
    .orderBy('id')
    .execute();
  out.user = digest(users);
  for (const table of PLATFORM_TABLES) {
    out[table] = digest(await db.selectFrom(table).selectAll().orderBy('id').execute());
  }
  return out;
}

/** The tables whose digest differs. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}
