/**
 * Organisations, profiles, users and their memberships, sessions, and the audit outbox.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await withId(db.schema.createTable('organisation'), dialect)
    .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();

  await withId(db.schema.createTable('profile'), dialect)
    .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();

  await withId(db.schema.createTable('user'), dialect)
    .addColumn('login', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(255)')
    .addColumn('type', 'varchar(32)', (c) => c.notNull().defaultTo('Normal'))
    .addColumn('password_hash', 'text')
    .addColumn('api_key_hash', 'varchar(128)', (c) => c.unique())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_secret', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_at', big)
    .addColumn('default_organisation_id', big, (c) => c.references('organisation.id').onDelete('set null'))
    .addColumn('avatar', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();

  await db.schema
    .createTable('membership')
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('profile_id', big, (c) => c.notNull().references('profile.id'))
    .addPrimaryKeyConstraint('membership_pk', ['user_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('membership_org')
    .on('membership')
    .columns(['organisation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('membership_profile').on('membership').column('profile_id').execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('organisation_id', big)
    .addColumn('csrf_token', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_seen_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_user').on('session').column('user_id').execute();

  await withId(db.schema.createTable('audit'), dialect)
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('organisation_id', big)
    .addColumn('user_login', 'varchar(255)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('root_id', 'varchar(64)')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('main_action', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_org').on('audit').columns(['organisation_id', 'id']).execute();
  await db.schema.createIndex('audit_root').on('audit').columns(['root_id', 'id']).execute();
  await db.schema.createIndex('audit_request').on('audit').column('request_id').execute();
}
