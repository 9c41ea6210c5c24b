/**
 * Platform-wide and organisation definitions: case templates, custom field definitions,
 * observable types.
 */
import { column, metaFields, tlpV0 } from '../fields-common.js';
import type { EntityDef } from '../types.js';

export const caseTemplateEntity: EntityDef = {
  name: 'caseTemplate',
  v0Types: ['caseTemplate', 'case_template'],
  v1Type: 'CaseTemplate',
  table: 'case_template',
  scope: 'organisation',
  customFields: 'caseTemplate',
  navigation: {
    pageTemplates: {
      entity: 'pageTemplate',
      column: 'id',
      sourceColumn: 'id',
      via: { table: 'case_template_page', sourceColumn: 'case_template_id', column: 'page_template_id' },
    },
  },
  defaultSort: [{ field: 'name', direction: 'asc' }],
  byName: (text) => ({ kind: 'compare', op: 'eq', field: 'name', value: text }),
  fields: {
    ...metaFields(),
    name: column('name', 'string'),
    displayName: column('display_name', 'string'),
    titlePrefix: column('title_prefix', 'string', { nullable: true }),
    description: column('description', 'string', { nullable: true, text: true, noSort: true }),
    severity: column('severity', 'number', { nullable: true }),
    flag: column('flag', 'boolean'),
    pap: column('pap', 'number', { nullable: true }),
    summary: column('summary', 'string', { nullable: true, noSort: true }),
  },
  v1Fields: { tlp: column('tlp', 'number', { nullable: true }) },
  v0Fields: { tlp: { ...tlpV0('tlp'), nullable: true } },
};

export const customFieldEntity: EntityDef = {
  name: 'customField',
  v0Types: ['customField'],
  v1Type: 'CustomField',
  table: 'custom_field',
  scope: 'platform',
  defaultSort: [{ field: 'name', direction: 'asc' }],
  byName: (text) => ({ kind: 'compare', op: 'eq', field: 'name', value: text }),
  fields: {
    ...metaFields(),
    displayName: column('display_name', 'string'),
    description: column('description', 'string', { text: true, noSort: true }),
    type: column('type', 'string'),
    mandatory: column('mandatory', 'boolean'),
    group: column('group_name', 'string', { nullable: true }),
  },
  v1Fields: { name: column('name', 'string') },
  // v0 shows the technical name as `reference` and the display name as `name`
  v0Fields: { reference: column('name', 'string'), name: column('display_name', 'string') },
};

export const observableTypeEntity: EntityDef = {
  name: 'observableType',
  v0Types: ['observableType'],
  v1Type: 'ObservableType',
  table: 'observable_type',
  scope: 'platform',
  defaultSort: [{ field: 'name', direction: 'asc' }],
  byName: (text) => ({ kind: 'compare', op: 'eq', field: 'name', value: text }),
  fields: {
    ...metaFields(),
    name: column('name', 'string'),
    isAttachment: column('is_attachment', 'boolean'),
    isCaseSensitive: column('is_case_sensitive', 'boolean'),
  },
};
