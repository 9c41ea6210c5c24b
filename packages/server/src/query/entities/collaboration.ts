/**
 * TheHive 5's collaboration entities in the query language: comments, pages (of cases and of the
 * knowledge base), page templates, procedures and the pattern catalog (docs/collaboration.md).
 * They have no v0 face.
 */
import { sql } from 'kysely';
import { column, metaFields } from '../fields-common.js';
import { childrenBy, parentsBy } from '../navigation.js';
import type { ColumnField, EntityDef } from '../types.js';

/** The meta fields under TheHive 5's comment spelling (`createdAt`...) too. */
const commentMeta = {
  createdAt: column('created_at', 'date'),
  createdBy: column('created_by', 'string'),
  updatedAt: column('updated_at', 'date', { nullable: true }),
  updatedBy: column('updated_by', 'string', { nullable: true }),
};

export const commentEntity: EntityDef = {
  name: 'comment',
  v0Types: [],
  v1Type: 'Comment',
  table: 'comment',
  scope: 'organisation',
  navigation: parentsBy('case', 'alert'),
  defaultSort: [{ field: '_createdAt', direction: 'asc' }],
  fields: {
    ...metaFields(),
    ...commentMeta,
    message: column('message', 'string', { text: true, noSort: true }),
    isEdited: column('is_edited', 'boolean'),
  },
};

/** True for a knowledge-base page (no case). */
const knowledgeBase: ColumnField = {
  kind: 'value',
  type: 'boolean',
  expr: (t) => sql`(CASE WHEN ${sql.ref(`${t}.case_id`)} IS NULL THEN 1 ELSE 0 END)`,
};

const pageFields = {
  ...metaFields(),
  title: column('title', 'string'),
  category: column('category', 'string'),
  content: column('content', 'string', { noSort: true }),
  order: column('order', 'number'),
};

export const pageEntity: EntityDef = {
  name: 'page',
  v0Types: [],
  v1Type: 'Page',
  table: 'page',
  scope: 'organisation',
  navigation: parentsBy('case'),
  defaultSort: [{ field: 'order', direction: 'asc' }],
  fields: { ...pageFields, knowledgeBase },
};

export const pageTemplateEntity: EntityDef = {
  name: 'pageTemplate',
  v0Types: [],
  v1Type: 'PageTemplate',
  table: 'page_template',
  scope: 'organisation',
  defaultSort: [{ field: 'order', direction: 'asc' }],
  byName: (text) => ({ kind: 'compare', op: 'eq', field: 'title', value: text }),
  fields: pageFields,
};

/** The ATT&CK id of a procedure's pattern. */
const procedurePatternId: ColumnField = {
  kind: 'value',
  type: 'string',
  expr: (t) => sql`(SELECT p.pattern_id FROM pattern p WHERE p.id = ${sql.ref(`${t}.pattern_id`)})`,
};

export const procedureEntity: EntityDef = {
  name: 'procedure',
  v0Types: [],
  v1Type: 'Procedure',
  table: 'procedure',
  scope: 'organisation',
  navigation: parentsBy('case', 'alert', 'pattern'),
  defaultSort: [{ field: 'occurDate', direction: 'asc' }],
  fields: {
    ...metaFields(),
    occurDate: column('occur_date', 'date'),
    tactic: column('tactic', 'string', { nullable: true }),
    description: column('description', 'string', { nullable: true, text: true, noSort: true }),
    patternId: procedurePatternId,
  },
};

export const patternEntity: EntityDef = {
  name: 'pattern',
  v0Types: [],
  v1Type: 'Pattern',
  table: 'pattern',
  scope: 'platform',
  navigation: {
    parent: { entity: 'pattern', column: 'id', sourceColumn: 'parent_id' },
    ...childrenBy('parent_id', { children: 'pattern' }),
  },
  defaultSort: [{ field: 'patternId', direction: 'asc' }],
  byName: (text) => ({ kind: 'compare', op: 'eq', field: 'patternId', value: text }),
  fields: {
    ...metaFields(),
    patternId: column('pattern_id', 'string'),
    name: column('name', 'string', { text: true }),
    description: column('description', 'string', { nullable: true, text: true, noSort: true }),
    url: column('url', 'string'),
    patternType: column('pattern_type', 'string'),
    revoked: column('revoked', 'boolean'),
    deprecated: column('deprecated', 'boolean'),
    version: column('version', 'string'),
  },
};

export const taxonomyEntity: EntityDef = {
  name: 'taxonomy',
  v0Types: [],
  v1Type: 'Taxonomy',
  table: 'taxonomy',
  scope: 'platform',
  navigation: childrenBy('taxonomy_id', { tags: 'tag' }),
  defaultSort: [{ field: 'namespace', direction: 'asc' }],
  byName: (text) => ({ kind: 'compare', op: 'eq', field: 'namespace', value: text }),
  fields: {
    ...metaFields(),
    namespace: column('namespace', 'string'),
    description: column('description', 'string', { noSort: true }),
    version: column('version', 'number'),
    enabled: column('enabled', 'boolean'),
  },
};

/** The tags of taxonomies (TheHive's `listTag`); free tags are listed by `GET /tag`. */
export const tagEntity: EntityDef = {
  name: 'tag',
  v0Types: [],
  v1Type: 'Tag',
  table: 'taxonomy_tag',
  scope: 'platform',
  navigation: parentsBy('taxonomy'),
  defaultSort: [
    { field: 'namespace', direction: 'asc' },
    { field: 'predicate', direction: 'asc' },
  ],
  fields: {
    ...metaFields(),
    namespace: column('namespace', 'string'),
    predicate: column('predicate', 'string'),
    value: column('value', 'string', { nullable: true }),
    description: column('description', 'string', { nullable: true, noSort: true }),
    colour: column('colour', 'string'),
  },
};
