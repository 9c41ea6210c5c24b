/**
 * Each trigger on the audit events the commands write (their action, object type and details), the
 * per-user rules, and FilteredEvent on the event with its object. JobFinished is checked on the
 * events the analysis engine is to write (`Job` updated to Success or Failure).
 */
import { describe, expect, it } from 'vitest';
import { matches, parseTrigger, type TriggerEvent, type TriggerName } from './triggers.js';

const event = (e: Partial<TriggerEvent>): TriggerEvent => ({
  action: 'create',
  objectType: 'Case',
  objectId: '~1',
  rootId: '~1',
  requestId: 'r',
  details: {},
  createdBy: 'someone@org',
  createdAt: 0,
  organisation: 'org',
  ...e,
});

const fires = (name: TriggerName, e: Partial<TriggerEvent>, user: string | null = null) =>
  matches({ name }, event(e), user);

describe('triggers', () => {
  it('fire on what they name, and only on that', () => {
    expect(fires('AlertCreated', { objectType: 'Alert' })).toBe(true);
    expect(fires('AlertCreated', { objectType: 'Case' })).toBe(false);
    expect(
      fires('AlertImported', { action: 'update', objectType: 'Alert', details: { status: 'Imported' } }),
    ).toBe(true);
    expect(fires('AlertImported', { action: 'update', objectType: 'Alert', details: { read: true } })).toBe(
      false,
    );
    expect(
      fires('AlertClosed', { action: 'update', objectType: 'Alert', details: { status: 'FalsePositive' } }),
    ).toBe(true);
    expect(
      fires('AlertClosed', { action: 'update', objectType: 'Alert', details: { status: 'InProgress' } }),
    ).toBe(false);
    expect(fires('CaseCreated', {})).toBe(true);
    expect(fires('CaseClosed', { action: 'update', details: { status: 'TruePositive' } })).toBe(true);
    expect(fires('CaseClosed', { action: 'update', details: { status: 'InProgress' } })).toBe(false);
    expect(fires('CaseFlagged', { action: 'update', details: { flag: true } })).toBe(true);
    expect(fires('CaseFlagged', { action: 'update', details: { flag: false } })).toBe(false);
    expect(fires('CaseShared', { objectType: 'Share' })).toBe(true);
    expect(
      fires('TaskClosed', { action: 'update', objectType: 'Task', details: { status: 'Completed' } }),
    ).toBe(true);
    expect(fires('TaskClosed', { action: 'update', objectType: 'Task', details: { status: 'Cancel' } })).toBe(
      false,
    );
    expect(fires('ObservableCreated', { objectType: 'Observable' })).toBe(true);
    expect(fires('CaseObservableCreated', { objectType: 'Observable', observableOf: 'case' })).toBe(true);
    expect(fires('CaseObservableCreated', { objectType: 'Observable', observableOf: 'alert' })).toBe(false);
    expect(fires('AlertObservableCreated', { objectType: 'Observable', observableOf: 'alert' })).toBe(true);
    expect(
      fires('JobFinished', { action: 'update', objectType: 'Job', details: { status: 'Success' } }),
    ).toBe(true);
    expect(
      fires('JobFinished', { action: 'update', objectType: 'Job', details: { status: 'Failure' } }),
    ).toBe(true);
    expect(
      fires('JobFinished', { action: 'update', objectType: 'Job', details: { status: 'InProgress' } }),
    ).toBe(false);
    expect(fires('AnyEvent', { action: 'login', objectType: 'User' })).toBe(false);
    expect(fires('AnyEvent', { action: 'delete', objectType: 'Task' })).toBe(true);
  });

  it('assignment and task-log triggers follow the user of a personal notification', () => {
    const assigned = { action: 'update', objectType: 'Task', details: { assignee: 'bob@org' } };
    expect(fires('TaskAssigned', assigned)).toBe(true);
    expect(fires('TaskAssigned', assigned, 'bob@org')).toBe(true);
    expect(fires('TaskAssigned', assigned, 'alice@org')).toBe(false);
    expect(fires('TaskAssigned', { objectType: 'Task', details: { title: 'x' } })).toBe(false);
    const log = { objectType: 'Log', task: { id: '~5', assignee: 'bob@org' } };
    expect(fires('LogInMyTask', log)).toBe(true);
    expect(fires('LogInMyTask', { ...log, createdBy: 'bob@org' })).toBe(false); // his own log
    expect(fires('LogInMyTask', log, 'alice@org')).toBe(false);
    expect(fires('LogInMyTask', { objectType: 'Log', task: { id: '~5', assignee: null } })).toBe(false);
  });

  it('FilteredEvent evaluates its filter on the event, its details and its object', () => {
    const trigger = parseTrigger({
      name: 'FilteredEvent',
      filter: {
        _and: [
          { _is: { _field: 'details.status', _value: 'TruePositive' } },
          { _in: { _field: 'object.tags', _values: ['phishing', 'malware'] } },
        ],
      },
    });
    const closed = event({
      action: 'update',
      details: { status: 'TruePositive' },
      object: { tags: ['Phishing', 'vip'] },
    });
    expect(matches(trigger, closed, null)).toBe(true);
    expect(matches(trigger, { ...closed, object: { tags: ['spam'] } }, null)).toBe(false);
    expect(matches(trigger, { ...closed, details: { status: 'FalsePositive' } }, null)).toBe(false);
  });

  it('refuses unknown triggers and filters that do not parse', () => {
    expect(() => parseTrigger({ name: 'Nope' })).toThrow(/unknown trigger "Nope"/);
    expect(() => parseTrigger({ name: 'FilteredEvent', filter: { _between: 1 } })).toThrow(/trigger\.filter/);
    expect(parseTrigger('CaseCreated')).toEqual({ name: 'CaseCreated' });
  });
});
