/**
 * Collaboration (TheHive 5's v1 additions, docs/collaboration.md): comments, pages and page
 * templates, the ATT&CK pattern catalog and procedures, custom timeline events, case links.
 *
 * Rows hang on their case or alert with ON DELETE CASCADE, so deleting a case or an alert removes
 * them in the same statement. Every list is read by its parent, so each table has an index that
 * starts with the parent column. `pattern` is platform-wide (one catalog, as in TheHive), unique by
 * its ATT&CK id (`T1059.001`), which makes a second import an update, not a duplicate.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);

  await withId(db.schema.createTable('comment'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('case_id', big, (c) => c.references('case.id').onDelete('cascade'))
    .addColumn('alert_id', big, (c) => c.references('alert.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('is_edited', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('comment_case').on('comment').columns(['case_id', 'created_at']).execute();
  await db.schema.createIndex('comment_alert').on('comment').columns(['alert_id', 'created_at']).execute();
  await db.schema
    .createIndex('comment_org')
    .on('comment')
    .columns(['organisation_id', 'created_at'])
    .execute();

  // a page of a case (case_id set) or of the organisation's knowledge base (case_id null)
  await withId(db.schema.createTable('page'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('case_id', big, (c) => c.references('case.id').onDelete('cascade'))
    .addColumn('title', 'varchar(512)', (c) => c.notNull())
    .addColumn('category', 'varchar(512)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('order', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('page_case').on('page').columns(['case_id', 'order']).execute();
  await db.schema
    .createIndex('page_org')
    .on('page')
    .columns(['organisation_id', 'case_id', 'order'])
    .execute();

  await withId(db.schema.createTable('page_template'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('title', 'varchar(512)', (c) => c.notNull())
    .addColumn('category', 'varchar(512)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('order', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('page_template_org')
    .on('page_template')
    .columns(['organisation_id', 'title'])
    .execute();

  await db.schema
    .createTable('case_template_page')
    .addColumn('case_template_id', big, (c) => c.notNull().references('case_template.id').onDelete('cascade'))
    .addColumn('page_template_id', big, (c) => c.notNull().references('page_template.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_template_page_pk', ['case_template_id', 'page_template_id'])
    .execute();
  await db.schema
    .createIndex('case_template_page_template')
    .on('case_template_page')
    .columns(['page_template_id'])
    .execute();

  await withId(db.schema.createTable('pattern'), dialect)
    .addColumn('pattern_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('stix_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('name', 'varchar(512)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('tactics', 'text', (c) => c.notNull())
    .addColumn('url', 'varchar(1024)', (c) => c.notNull())
    .addColumn('pattern_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('capec_id', 'varchar(64)')
    .addColumn('capec_url', 'varchar(1024)')
    .addColumn('revoked', 'integer', (c) => c.notNull())
    .addColumn('deprecated', 'integer', (c) => c.notNull())
    .addColumn('data_sources', 'text', (c) => c.notNull())
    .addColumn('defense_bypassed', 'text', (c) => c.notNull())
    .addColumn('detection', 'text')
    .addColumn('permissions_required', 'text', (c) => c.notNull())
    .addColumn('platforms', 'text', (c) => c.notNull())
    .addColumn('remote_support', 'integer', (c) => c.notNull())
    .addColumn('system_requirements', 'text', (c) => c.notNull())
    .addColumn('version', 'varchar(64)', (c) => c.notNull())
    .addColumn('parent_id', big, (c) => c.references('pattern.id').onDelete('set null'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('pattern_pattern_id').on('pattern').columns(['pattern_id']).unique().execute();
  await db.schema.createIndex('pattern_parent').on('pattern').columns(['parent_id']).execute();

  await withId(db.schema.createTable('procedure'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('case_id', big, (c) => c.references('case.id').onDelete('cascade'))
    .addColumn('alert_id', big, (c) => c.references('alert.id').onDelete('cascade'))
    .addColumn('pattern_id', big, (c) => c.notNull().references('pattern.id'))
    .addColumn('tactic', 'varchar(128)')
    .addColumn('occur_date', big, (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('procedure_case').on('procedure').columns(['case_id', 'occur_date']).execute();
  await db.schema
    .createIndex('procedure_alert')
    .on('procedure')
    .columns(['alert_id', 'occur_date'])
    .execute();
  await db.schema
    .createIndex('procedure_org_pattern')
    .on('procedure')
    .columns(['organisation_id', 'pattern_id'])
    .execute();
  await db.schema.createIndex('procedure_pattern').on('procedure').columns(['pattern_id']).execute();

  await withId(db.schema.createTable('custom_event'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('date', big, (c) => c.notNull())
    .addColumn('end_date', big)
    .addColumn('title', 'varchar(512)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('custom_event_case').on('custom_event').columns(['case_id', 'date']).execute();

  // a link is stored once, from the case it was added on; both cases list it
  await withId(db.schema.createTable('case_link'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('linked_case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('link_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_link_pair')
    .on('case_link')
    .columns(['case_id', 'linked_case_id'])
    .unique()
    .execute();
  await db.schema.createIndex('case_link_linked').on('case_link').columns(['linked_case_id']).execute();

  await withId(db.schema.createTable('external_link'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('case_id', big, (c) => c.notNull().references('case.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('link_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .execute();
  // a URL is added once per case (checked by the command; a unique index on long text would not fit PostgreSQL's btree)
  await db.schema.createIndex('external_link_case').on('external_link').columns(['case_id']).execute();

  // MISP taxonomies (platform-wide, as in TheHive): their tags `namespace:predicate="value"`
  await withId(db.schema.createTable('taxonomy'), dialect)
    .addColumn('namespace', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema.createIndex('taxonomy_namespace').on('taxonomy').columns(['namespace']).unique().execute();
  await withId(db.schema.createTable('taxonomy_tag'), dialect)
    .addColumn('taxonomy_id', big, (c) => c.notNull().references('taxonomy.id').onDelete('cascade'))
    .addColumn('namespace', 'varchar(128)', (c) => c.notNull())
    .addColumn('predicate', 'varchar(255)', (c) => c.notNull())
    .addColumn('value', 'varchar(255)')
    .addColumn('description', 'text')
    .addColumn('colour', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('taxonomy_tag_taxonomy')
    .on('taxonomy_tag')
    .columns(['taxonomy_id', 'predicate', 'value'])
    .execute();
  // what an organisation says about one of its free tags (colour, description)
  await db.schema
    .createTable('free_tag')
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('tag', 'varchar(255)', (c) => c.notNull())
    .addColumn('colour', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('free_tag_pk', ['organisation_id', 'tag'])
    .execute();

  // organisation-defined case and alert statuses (TheHive 5), beside the built-in ones
  await withId(db.schema.createTable('custom_status'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('value', 'varchar(32)', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('colour', 'varchar(16)', (c) => c.notNull())
    .addColumn('order', 'integer', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_at', big)
    .addColumn('updated_by', 'varchar(255)')
    .execute();
  await db.schema
    .createIndex('custom_status_value')
    .on('custom_status')
    .columns(['organisation_id', 'kind', 'value'])
    .unique()
    .execute();
}
