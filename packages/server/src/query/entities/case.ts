/**
 * Cases: v1 names (TheHive 5 OutputCase) and v0 names (TheHive 3/4: caseId, owner,
 * Open/Resolved/Duplicated + resolutionStatus, TLP 0–3).
 */
import type { Filter, Scalar } from '@propolis/core';
import { sql } from 'kysely';
import { caseActionRequired } from '../action-required.js';
import { column, derivedStatus, handlingDurations, metaFields, tlpV0 } from '../fields-common.js';
import { childrenBy } from '../navigation.js';
import type { ColumnField, EntityDef } from '../types.js';

const OPEN_STAGES = ['New', 'InProgress'];

/** v0 `status: X` in terms of the stored stage/status (indexed by case_org_status). */
function v0StatusIs(value: Scalar): Filter {
  switch (value) {
    case 'Open':
      return { kind: 'in', field: 'stage', values: OPEN_STAGES };
    case 'Resolved':
      return {
        kind: 'and',
        filters: [
          { kind: 'compare', op: 'eq', field: 'stage', value: 'Closed' },
          { kind: 'compare', op: 'ne', field: 'status', value: 'Duplicated' },
        ],
      };
    case 'Duplicated':
      return { kind: 'compare', op: 'eq', field: 'status', value: 'Duplicated' };
    default:
      return { kind: 'or', filters: [] };
  }
}

const v0Status = derivedStatus((t) => {
  const stage = sql.ref(`${t}.stage`);
  const status = sql.ref(`${t}.status`);
  return sql`(CASE WHEN ${stage} <> 'Closed' THEN 'Open' WHEN ${status} = 'Duplicated' THEN 'Duplicated' ELSE 'Resolved' END)`;
}, v0StatusIs);

const resolutionStatus: ColumnField = {
  kind: 'value',
  type: 'string',
  nullable: true,
  expr: (t) => sql`(CASE WHEN ${sql.ref(`${t}.stage`)} = 'Closed' THEN ${sql.ref(`${t}.status`)} END)`,
};

export const caseEntity: EntityDef = {
  name: 'case',
  v0Types: ['case'],
  v1Type: 'Case',
  table: 'case',
  scope: 'organisation',
  customFields: 'case',
  navigation: childrenBy('case_id', {
    tasks: 'task',
    observables: 'observable',
    alerts: 'alert',
    comments: 'comment',
    pages: 'page',
    procedures: 'procedure',
  }),
  defaultSort: [{ field: 'startDate', direction: 'desc' }],
  fulltext: {
    columns: ['title', 'description', 'summary'],
    fields: { title: 'title', description: 'description', summary: 'summary' },
    pgFieldIndexes: ['title', 'description'],
    // a free word finds a case by its tasks and task logs too
    related: [
      { entity: 'task', column: 'case_id' },
      { entity: 'log', column: 'case_id' },
    ],
  },
  byName: (text) => {
    const m = /^#?(\d{1,15})$/.exec(text.trim());
    return m ? { kind: 'compare', op: 'eq', field: 'number', value: Number(m[1]) } : undefined;
  },
  fields: {
    ...metaFields(),
    actionRequired: caseActionRequired,
    number: column('number', 'number'),
    title: column('title', 'string', { text: true }),
    description: column('description', 'string', { text: true, noSort: true }),
    severity: column('severity', 'number'),
    startDate: column('start_date', 'date'),
    endDate: column('end_date', 'date', { nullable: true }),
    tags: { kind: 'tags', entityType: 'case' },
    flag: column('flag', 'boolean'),
    pap: column('pap', 'number'),
    stage: column('stage', 'string'),
    impactStatus: column('impact_status', 'string', { nullable: true }),
    summary: column('summary', 'string', { nullable: true, text: true, noSort: true }),
    assignee: column('assignee', 'string', { nullable: true }),
    caseTemplate: column('case_template', 'string', { nullable: true }),
    inProgressDate: column('in_progress_date', 'date', { nullable: true }),
    closedDate: column('closed_date', 'date', { nullable: true }),
    newDate: column('created_at', 'date'),
    ...handlingDurations((t) => sql`(${sql.ref(`${t}.end_date`)} - ${sql.ref(`${t}.start_date`)})`),
  },
  v1Fields: {
    status: column('status', 'string'),
    tlp: column('tlp', 'number'),
  },
  v0Fields: {
    caseId: column('number', 'number'),
    owner: column('assignee', 'string', { nullable: true }),
    template: column('case_template', 'string', { nullable: true }),
    status: v0Status,
    resolutionStatus,
    tlp: tlpV0('tlp'),
  },
};
