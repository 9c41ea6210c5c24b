/**
 * `actionRequired` as a query field (TheHive 4/5's task and case property): true when the caller's
 * organisation is awaited on the task. An action asked of the organisation
 * (`PUT /task/{id}/actionRequired/{org}`, table `task_action`) decides; without one, a mandatory
 * task still open (Waiting or InProgress) waits (as the `actionRequired` extraData says). A case
 * requires action when one of its tasks the caller sees does. Its value depends on who asks, so it
 * can be filtered on but not sorted or aggregated.
 */
import { QueryError } from '@propolis/core';
import { sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import { tableVisible } from '../db/visibility.js';
import type { ColumnField } from './types.js';

function needsScope(scope: Scope | undefined): Scope {
  if (!scope)
    throw new QueryError(
      'query',
      '"actionRequired" depends on the caller: it can be filtered on, not sorted',
    );
  return scope;
}

/** The SQL truth (1 or 0) of "task `t` awaits organisation `scope.organisationId`". */
function taskAwaits(t: string, scope: Scope) {
  const asked = sql`(SELECT ta.required FROM task_action ta WHERE ta.task_id = ${sql.ref(`${t}.id`)} AND ta.organisation_id = ${scope.organisationId})`;
  const open = sql`(CASE WHEN ${sql.ref(`${t}.mandatory`)} = 1 AND ${sql.ref(`${t}.status`)} IN ('Waiting', 'InProgress') THEN 1 ELSE 0 END)`;
  return sql`COALESCE(${asked}, ${open})`;
}

export const taskActionRequired: ColumnField = {
  kind: 'value',
  type: 'boolean',
  noSort: true,
  expr: (t, _dialect, scope) => taskAwaits(t, needsScope(scope)),
};

export const caseActionRequired: ColumnField = {
  kind: 'value',
  type: 'boolean',
  noSort: true,
  expr: (t, dialect, scope) => {
    const s = needsScope(scope);
    const alias = `${t}_ar`;
    return sql`(CASE WHEN EXISTS (SELECT 1 FROM task ${sql.raw(alias)} WHERE ${sql.ref(`${alias}.case_id`)} = ${sql.ref(`${t}.id`)} AND ${tableVisible('task', s, alias, dialect)} AND ${taskAwaits(alias, s)} = 1) THEN 1 ELSE 0 END)`;
  },
};
