/**
 * Triggers: which audit events a notification is about. TheHive 5's names (TheHive 4's are a subset).
 * A trigger is decided on the event alone (`matchesWithoutObject`) when it can be, else with the
 * event's rendered object (`matches`): FilteredEvent evaluates its filter (the v1 query language,
 * parsed by @propolis/core) on `{action, objectType, objectId, rootId, details, object, ...}`.
 */
import {
  badRequest,
  type Filter,
  isCaseStatus,
  isClosedCaseStatus,
  matchesFilter,
  parseV1Filter,
} from '@propolis/core';
import type { EventAudit } from './event-audit.js';

export const TRIGGER_NAMES = [
  'AnyEvent',
  'AlertCreated',
  'AlertImported',
  'AlertClosed',
  'AlertAssigned',
  'AlertObservableCreated',
  'CaseCreated',
  'CaseClosed',
  'CaseFlagged',
  'CaseShared',
  'CaseObservableCreated',
  'TaskAssigned',
  'TaskClosed',
  'LogInMyTask',
  'ObservableCreated',
  'JobFinished',
  'FilteredEvent',
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

export interface TriggerSpec {
  name: TriggerName;
  /** FilteredEvent: the filter, as given (v1 query language). */
  filter?: unknown;
}

/** What a trigger sees of an event: the audit row's fields and, when rendered, the object (v1). */
export interface TriggerEvent extends EventAudit {
  organisation: string;
  object?: Record<string, unknown>;
  /** Log events: the task the log was written in (for LogInMyTask). */
  task?: { id: string; assignee: string | null };
  /** Observable events: whether the observable belongs to a case or an alert. */
  observableOf?: 'case' | 'alert';
}

const ALERT_CLOSED_STATUSES = new Set([
  'FalsePositive',
  'Duplicated',
  'Ignored',
  'Other',
  'TruePositive',
  'Closed',
]);

/** Checks a trigger given through an API; the filter of FilteredEvent must parse. */
export function parseTrigger(raw: unknown, where = 'trigger'): TriggerSpec {
  const value = typeof raw === 'string' ? { name: raw } : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest(`${where}: must be an object with a name (one of ${TRIGGER_NAMES.join(', ')})`);
  const name = (value as { name?: unknown }).name;
  if (typeof name !== 'string' || !(TRIGGER_NAMES as readonly string[]).includes(name))
    throw badRequest(
      `${where}.name: unknown trigger ${JSON.stringify(name)}; use one of ${TRIGGER_NAMES.join(', ')}`,
    );
  if (name !== 'FilteredEvent') return { name: name as TriggerName };
  const filter = (value as { filter?: unknown }).filter;
  if (filter === undefined) throw badRequest(`${where}.filter: FilteredEvent needs a filter`);
  compileFilter(filter, `${where}.filter`);
  return { name, filter };
}

const compiled = new WeakMap<object, Filter>();

export function compileFilter(filter: unknown, where = 'trigger.filter'): Filter {
  if (typeof filter === 'object' && filter !== null) {
    const hit = compiled.get(filter);
    if (hit) return hit;
  }
  try {
    const parsed = parseV1Filter(filter);
    if (typeof filter === 'object' && filter !== null) compiled.set(filter, parsed);
    return parsed;
  } catch (error) {
    throw badRequest(`${where}: ${(error as Error).message}`);
  }
}

const isCreate = (e: TriggerEvent, type: string) => e.action === 'create' && e.objectType === type;
const isUpdate = (e: TriggerEvent, type: string) => e.action === 'update' && e.objectType === type;
const assignee = (e: TriggerEvent) =>
  typeof e.details.assignee === 'string' ? e.details.assignee : undefined;

/**
 * Whether the trigger can fire on this event, decided without the object: false means no; for
 * FilteredEvent and LogInMyTask, true means "render the object and ask `matches`".
 */
export function mayMatch(trigger: TriggerSpec, e: TriggerEvent): boolean {
  switch (trigger.name) {
    case 'AnyEvent':
      return !['login', 'logout'].includes(e.action);
    case 'AlertCreated':
      return isCreate(e, 'Alert');
    case 'AlertImported':
      return isUpdate(e, 'Alert') && e.details.status === 'Imported';
    case 'AlertClosed':
      return isUpdate(e, 'Alert') && ALERT_CLOSED_STATUSES.has(String(e.details.status));
    case 'AlertAssigned':
      return isUpdate(e, 'Alert') && assignee(e) !== undefined;
    case 'CaseCreated':
      return isCreate(e, 'Case');
    case 'CaseClosed':
      return isUpdate(e, 'Case') && isCaseStatus(e.details.status) && isClosedCaseStatus(e.details.status);
    case 'CaseFlagged':
      return isUpdate(e, 'Case') && e.details.flag === true;
    case 'CaseShared':
      return isCreate(e, 'Share');
    case 'TaskAssigned':
      return (isUpdate(e, 'Task') || isCreate(e, 'Task')) && assignee(e) !== undefined;
    case 'TaskClosed':
      return isUpdate(e, 'Task') && e.details.status === 'Completed';
    case 'LogInMyTask':
      return isCreate(e, 'Log');
    case 'ObservableCreated':
      return isCreate(e, 'Observable');
    case 'AlertObservableCreated':
    case 'CaseObservableCreated':
      return isCreate(e, 'Observable');
    case 'JobFinished':
      return (
        (e.action === 'update' || e.action === 'create') &&
        e.objectType === 'Job' &&
        ['Success', 'Failure'].includes(String(e.details.status))
      );
    case 'FilteredEvent':
      return !['login', 'logout'].includes(e.action);
  }
}

/** Whether the trigger fires, once the event carries its object (and a log's task). */
export function matches(trigger: TriggerSpec, e: TriggerEvent, forUser: string | null): boolean {
  if (!mayMatch(trigger, e)) return false;
  switch (trigger.name) {
    case 'TaskAssigned':
    case 'AlertAssigned':
      return forUser === null || assignee(e) === forUser;
    case 'LogInMyTask': {
      const owner = e.task?.assignee;
      if (!owner || owner === e.createdBy) return false;
      return forUser === null || owner === forUser;
    }
    case 'AlertObservableCreated':
      return e.observableOf === 'alert';
    case 'CaseObservableCreated':
      return e.observableOf === 'case';
    case 'FilteredEvent':
      return matchesFilter(compileFilter(trigger.filter), eventForFilter(e));
    default:
      return true;
  }
}

/** Whether `matches` needs the object rendered. */
export const needsObject = (trigger: TriggerSpec) =>
  trigger.name === 'FilteredEvent' ||
  trigger.name === 'LogInMyTask' ||
  trigger.name === 'AlertObservableCreated' ||
  trigger.name === 'CaseObservableCreated';

/** The document a FilteredEvent's filter reads (TheHive 5: the audit with its object and context). */
export function eventForFilter(e: TriggerEvent): Record<string, unknown> {
  return {
    action: e.action,
    operation: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    rootId: e.rootId,
    requestId: e.requestId,
    details: e.details,
    object: e.object ?? {},
    organisation: e.organisation,
    _createdBy: e.createdBy,
    _createdAt: e.createdAt,
  };
}
