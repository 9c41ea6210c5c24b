/**
 * Case management: cases, tasks, task logs, observables, attachments and their content-addressed
 * blobs, case templates, custom field definitions and values, observable types, tags, and
 * per-organisation sequences (case numbers).
 */
import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

const audited = <TB extends string, C extends string>(
  t: CreateTableBuilder<TB, C>,
  big: 'bigint' | 'integer',
) =>
  t
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)');

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  const blobType = dialect === 'postgres' ? 'bytea' : 'blob';

  await db.schema
    .createTable('sequence')
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('sequence_pk', ['organisation_id', 'name'])
    .execute();

  // Platform-wide definitions (managed from the admin organisation, as in TheHive 4).
  await audited(
    withId(db.schema.createTable('observable_type'), dialect)
      .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('is_attachment', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_case_sensitive', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0)),
    big,
  ).execute();

  await audited(
    withId(db.schema.createTable('custom_field'), dialect)
      .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('mandatory', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('group_name', 'varchar(128)'),
    big,
  ).execute();

  await audited(
    withId(db.schema.createTable('case_template'), dialect)
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
      .addColumn('name', 'varchar(128)', (c) => c.notNull())
      .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('title_prefix', 'varchar(255)')
      .addColumn('description', 'text')
      .addColumn('severity', 'integer')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('flag', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tlp', 'integer')
      .addColumn('pap', 'integer')
      .addColumn('summary', 'text')
      .addColumn('tasks', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('[]')),
    big,
  ).execute();
  await db.schema
    .createIndex('case_template_name')
    .on('case_template')
    .columns(['organisation_id', 'name'])
    .unique()
    .execute();

  await audited(
    withId(db.schema.createTable('case'), dialect)
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
      .addColumn('number', big, (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('severity', 'integer', (c) => c.notNull())
      .addColumn('start_date', big, (c) => c.notNull())
      .addColumn('end_date', big)
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('flag', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tlp', 'integer', (c) => c.notNull())
      .addColumn('pap', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(32)', (c) => c.notNull())
      .addColumn('stage', 'varchar(16)', (c) => c.notNull())
      .addColumn('impact_status', 'varchar(32)')
      .addColumn('summary', 'text')
      .addColumn('assignee', 'varchar(255)')
      .addColumn('case_template', 'varchar(128)')
      .addColumn('merged_into', big)
      .addColumn('in_progress_date', big)
      .addColumn('closed_date', big),
    big,
  ).execute();
  await db.schema
    .createIndex('case_number')
    .on('case')
    .columns(['organisation_id', 'number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('case_org_start')
    .on('case')
    .columns(['organisation_id', 'start_date'])
    .execute();
  await db.schema
    .createIndex('case_org_status')
    .on('case')
    .columns(['organisation_id', 'stage', 'start_date'])
    .execute();
  await db.schema
    .createIndex('case_org_assignee')
    .on('case')
    .columns(['organisation_id', 'assignee', 'start_date'])
    .execute();

  await audited(
    withId(db.schema.createTable('task'), dialect)
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
      .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('group_name', 'varchar(128)', (c) => c.notNull().defaultTo('default'))
      .addColumn('description', 'text')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('flag', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('start_date', big)
      .addColumn('end_date', big)
      .addColumn('order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('due_date', big)
      .addColumn('assignee', 'varchar(255)')
      .addColumn('mandatory', 'integer', (c) => c.notNull().defaultTo(0)),
    big,
  ).execute();
  await db.schema.createIndex('task_case').on('task').columns(['case_id', 'order']).execute();
  await db.schema
    .createIndex('task_org_assignee')
    .on('task')
    .columns(['organisation_id', 'assignee', 'status'])
    .execute();

  await audited(
    withId(db.schema.createTable('task_log'), dialect)
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
      .addColumn('task_id', big, (c) => c.notNull().references('task.id').onDelete('cascade'))
      .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('date', big, (c) => c.notNull())
      .addColumn('owner', 'varchar(255)', (c) => c.notNull())
      .addColumn('include_in_timeline', big),
    big,
  ).execute();
  await db.schema.createIndex('task_log_task').on('task_log').columns(['task_id', 'date']).execute();

  // Blobs are stored once by SHA-256; `data` is used when attachments live in the database.
  await db.schema
    .createTable('blob')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('sha1', 'varchar(40)', (c) => c.notNull())
    .addColumn('md5', 'varchar(32)', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('data', blobType)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  // An attachment is one organisation's named reference to a blob.
  await withId(db.schema.createTable('attachment'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('blob_sha256', 'varchar(64)', (c) => c.notNull().references('blob.sha256'))
    .addColumn('name', 'varchar(512)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachment_blob')
    .on('attachment')
    .columns(['organisation_id', 'blob_sha256'])
    .execute();

  await db.schema
    .createTable('log_attachment')
    .addColumn('log_id', big, (c) => c.notNull().references('task_log.id').onDelete('cascade'))
    .addColumn('attachment_id', big, (c) => c.notNull().references('attachment.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('log_attachment_pk', ['log_id', 'attachment_id'])
    .execute();

  await audited(
    withId(db.schema.createTable('observable'), dialect)
      .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
      .addColumn('case_id', big, (c) => c.references('case.id').onDelete('cascade'))
      .addColumn('alert_id', big)
      .addColumn('data_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('data', 'text')
      // SHA-256 of the canonical data, or the attachment's blob hash: what similarity and dedup compare.
      .addColumn('data_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('attachment_id', big, (c) => c.references('attachment.id'))
      .addColumn('message', 'text')
      .addColumn('tlp', 'integer', (c) => c.notNull())
      .addColumn('pap', 'integer', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('ioc', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sighted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sighted_at', big)
      .addColumn('ignore_similarity', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('start_date', big, (c) => c.notNull())
      .addColumn('reports', 'text', (c) => c.notNull().defaultTo('{}')),
    big,
  ).execute();
  await db.schema
    .createIndex('observable_case_unique')
    .on('observable')
    .columns(['case_id', 'data_type', 'data_key'])
    .unique()
    .where(sql.ref('case_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('observable_alert_unique')
    .on('observable')
    .columns(['alert_id', 'data_type', 'data_key'])
    .unique()
    .where(sql.ref('alert_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('observable_similar')
    .on('observable')
    .columns(['organisation_id', 'data_key', 'data_type'])
    .execute();

  // Tags of every entity, for indexed tag filters and the tag listing; rows also keep a JSON copy.
  await db.schema
    .createTable('entity_tag')
    .addColumn('organisation_id', big, (c) => c.notNull())
    .addColumn('entity_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_id', big, (c) => c.notNull())
    .addColumn('tag', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_tag_pk', ['entity_type', 'entity_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('entity_tag_lookup')
    .on('entity_tag')
    .columns(['organisation_id', 'entity_type', 'tag', 'entity_id'])
    .execute();

  // Custom field values of cases, alerts and templates, one typed column per kind of value.
  await withId(db.schema.createTable('custom_field_value'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull())
    .addColumn('entity_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_id', big, (c) => c.notNull())
    .addColumn('field_id', big, (c) => c.notNull().references('custom_field.id'))
    .addColumn('order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('string_value', 'text')
    .addColumn('number_value', 'double precision')
    .addColumn('boolean_value', 'integer')
    .addColumn('date_value', big)
    .execute();
  await db.schema
    .createIndex('cfv_entity')
    .on('custom_field_value')
    .columns(['entity_type', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('cfv_field_number')
    .on('custom_field_value')
    .columns(['organisation_id', 'field_id', 'number_value'])
    .execute();
  await db.schema
    .createIndex('cfv_field_date')
    .on('custom_field_value')
    .columns(['organisation_id', 'field_id', 'date_value'])
    .execute();
}
