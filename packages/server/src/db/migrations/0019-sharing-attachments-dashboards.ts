/**
 * Sharing between organisations, case access restrictions, first-class attachments and dashboards
 * (docs/sharing.md, docs/attachments.md, docs/dashboards.md).
 *
 * `organisation_link`: one row per direction; an organisation shares only with organisations it is
 * linked to. `share`: a case shared with another organisation under a permission profile, with the
 * rules for its tasks and observables; `task_share` / `observable_share`: the tasks and observables
 * of the case that organisation sees (removed with the share). The owner keeps `case.organisation_id`.
 * `case_restriction` lists restricted cases; `case_access` the users who still see them.
 * `case_attachment` and `organisation_attachment` link attachments to cases and organisations (task
 * logs have `log_attachment`). `dashboard`: TheHive's dashboards, definition kept as JSON text.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('organisation_link')
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('linked_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('link_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_link_pk', ['organisation_id', 'linked_id'])
    .execute();

  await withId(db.schema.createTable('share'), dialect)
    .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('profile_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('task_rule', 'varchar(32)', (c) => c.notNull())
    .addColumn('observable_rule', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('share_case_org')
    .on('share')
    .columns(['case_id', 'organisation_id'])
    .unique()
    .execute();
  await db.schema.createIndex('share_org_case').on('share').columns(['organisation_id', 'case_id']).execute();

  for (const [table, column, parent] of [
    ['task_share', 'task_id', 'task'],
    ['observable_share', 'observable_id', 'observable'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(column, big, (c) => c.notNull().references(`${parent}.id`).onDelete('cascade'))
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
      .addColumn('share_id', big, (c) => c.notNull().references('share.id').onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pk`, [column, 'organisation_id'])
      .execute();
    await db.schema.createIndex(`${table}_org`).on(table).columns(['organisation_id', column]).execute();
    await db.schema.createIndex(`${table}_share`).on(table).columns(['share_id']).execute();
  }

  await db.schema
    .createTable('case_restriction')
    .addColumn('case_id', big, (c) => c.primaryKey().references('case.id').onDelete('cascade'))
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createTable('case_access')
    .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_access_pk', ['case_id', 'user_id'])
    .execute();
  await db.schema.createIndex('case_access_user').on('case_access').columns(['user_id', 'case_id']).execute();

  await db.schema
    .createTable('case_attachment')
    .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('attachment_id', big, (c) => c.notNull().references('attachment.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_attachment_pk', ['case_id', 'attachment_id'])
    .execute();
  await db.schema
    .createIndex('case_attachment_att')
    .on('case_attachment')
    .columns(['attachment_id'])
    .execute();
  await db.schema
    .createTable('organisation_attachment')
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('attachment_id', big, (c) => c.notNull().references('attachment.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('organisation_attachment_pk', ['organisation_id', 'attachment_id'])
    .execute();
  await db.schema.createIndex('log_attachment_att').on('log_attachment').columns(['attachment_id']).execute();

  await withId(db.schema.createTable('dashboard'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('title', 'varchar(512)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('group_name', 'varchar(512)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('owner', 'varchar(255)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('dashboard_org')
    .on('dashboard')
    .columns(['organisation_id', 'status'])
    .execute();
}
