/**
 * Alerts (v0 `alert`): TheHive 5 status/stage, TheHive 4's read/follow flags and the v0 status
 * derived from them (New, Updated, Ignored, Imported), `imported`, import date and handling
 * duration (stored when the alert is linked to a case), observables through `observable.alert_id`.
 */
import type { Filter, Scalar } from '@propolis/core';
import { sql } from 'kysely';
import { parseAlertKey } from '../../db/repositories/alerts.js';
import { childValue, column, derivedStatus, handlingDurations, metaFields, tlpV0 } from '../fields-common.js';
import { childrenBy, parentsBy } from '../navigation.js';
import type { ColumnField, EntityDef } from '../types.js';

const imported: ColumnField = {
  kind: 'value',
  type: 'boolean',
  expr: (t) => sql`(CASE WHEN ${sql.ref(`${t}.case_id`)} IS NULL THEN 0 ELSE 1 END)`,
};

/** v0 status in terms of v1 fields (`imported`, `read`). */
function v0StatusIs(value: Scalar): Filter {
  const both = (isImported: boolean, read: boolean): Filter => ({
    kind: 'and',
    filters: [
      { kind: 'compare', op: 'eq', field: 'imported', value: isImported },
      { kind: 'compare', op: 'eq', field: 'read', value: read },
    ],
  });
  switch (value) {
    case 'New':
      return both(false, false);
    case 'Ignored':
      return both(false, true);
    case 'Updated':
      return both(true, false);
    case 'Imported':
      return both(true, true);
    default:
      return { kind: 'or', filters: [] };
  }
}

const v0Status = derivedStatus((t) => {
  const caseId = sql.ref(`${t}.case_id`);
  const read = sql.ref(`${t}.read`);
  return sql`(CASE WHEN ${caseId} IS NOT NULL THEN (CASE WHEN ${read} = 1 THEN 'Imported' ELSE 'Updated' END) ELSE (CASE WHEN ${read} = 1 THEN 'Ignored' ELSE 'New' END) END)`;
}, v0StatusIs);

export const alertEntity: EntityDef = {
  name: 'alert',
  v0Types: ['alert'],
  v1Type: 'Alert',
  table: 'alert',
  scope: 'organisation',
  customFields: 'alert',
  navigation: {
    ...childrenBy('alert_id', { observables: 'observable', comments: 'comment', procedures: 'procedure' }),
    ...parentsBy('case'),
  },
  defaultSort: [{ field: 'date', direction: 'desc' }],
  fulltext: {
    columns: ['title', 'description', 'summary'],
    fields: { title: 'title', description: 'description', summary: 'summary' },
  },
  /** `type;source;sourceRef`, the key TheHive lets address an alert by. */
  byName: (text) => {
    const key = parseAlertKey(text);
    if (!key) return undefined;
    const { type, source, sourceRef } = key;
    return {
      kind: 'and',
      filters: [
        { kind: 'compare', op: 'eq', field: 'type', value: type },
        { kind: 'compare', op: 'eq', field: 'source', value: source },
        { kind: 'compare', op: 'eq', field: 'sourceRef', value: sourceRef },
      ],
    };
  },
  fields: {
    ...metaFields(),
    type: column('type', 'string'),
    source: column('source', 'string'),
    sourceRef: column('source_ref', 'string'),
    externalLink: column('external_link', 'string', { nullable: true }),
    title: column('title', 'string', { text: true }),
    description: column('description', 'string', { text: true, noSort: true }),
    severity: column('severity', 'number'),
    date: column('date', 'date'),
    lastSyncDate: column('last_sync_date', 'date'),
    tags: { kind: 'tags', entityType: 'alert' },
    flag: column('flag', 'boolean'),
    pap: column('pap', 'number'),
    stage: column('stage', 'string'),
    read: column('read', 'boolean'),
    follow: column('follow', 'boolean'),
    summary: column('summary', 'string', { nullable: true, text: true, noSort: true }),
    caseTemplate: column('case_template', 'string', { nullable: true }),
    imported,
    importDate: column('import_date', 'date', { nullable: true }),
    observableCount: column('observable_count', 'number'),
    newDate: column('created_at', 'date'),
    inProgressDate: column('in_progress_date', 'date', { nullable: true }),
    closedDate: column('closed_date', 'date', { nullable: true }),
    ...handlingDurations((t) => sql.ref(`${t}.handling_duration`)),
  },
  v1Fields: {
    status: column('status', 'string'),
    tlp: column('tlp', 'number'),
    assignee: column('assignee', 'string', { nullable: true }),
  },
  v0Fields: {
    status: v0Status,
    tlp: tlpV0('tlp'),
    owner: column('assignee', 'string', { nullable: true }),
    // TheHive 3 kept the alert's observables in it: its searches name them `artifacts.<field>`
    'artifacts.data': childValue('observable', 'data'),
    'artifacts.dataType': childValue('observable', 'dataType'),
  },
};
