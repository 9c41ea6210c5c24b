import { describe, expect, it } from 'vitest';
import {
  ALERT_STATUSES,
  ALERT_V0_STATUSES,
  type AlertStatusFields,
  alertStageOf,
  alertStatusFromV0,
  alertToV0Status,
  detachAlertFromCase,
  importAlert,
  markAlertAsRead,
  markAlertAsUnread,
  newAlertStatus,
  setAlertStatus,
  updateFollowedAlert,
} from './alert-status.js';

type A = AlertStatusFields<string>;
const alert = (status: A['status'], read: boolean, caseId: string | null = null): A => ({
  status,
  read,
  caseId,
});
const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('stage', () => {
  it('derives the stage', () => {
    expect(ALERT_STATUSES.map(alertStageOf)).toEqual([
      'New',
      'InProgress',
      'Imported',
      'Closed',
      'Closed',
      'Closed',
      'Closed',
      'Closed',
    ]);
  });
});

describe('v0 status (TheHive 4 rule)', () => {
  it('derives from case link and read flag', () => {
    expect(alertToV0Status({ read: false, caseId: null })).toBe('New');
    expect(alertToV0Status({ read: false, caseId: '~1' })).toBe('Updated');
    expect(alertToV0Status({ read: true, caseId: null })).toBe('Ignored');
    expect(alertToV0Status({ read: true, caseId: 7 })).toBe('Imported');
    expect(alertToV0Status({ read: true, caseId: '' })).toBe('Ignored');
  });

  it('a new alert is New', () => {
    expect(newAlertStatus()).toEqual({ status: 'New', read: false, caseId: null });
    expect(alertToV0Status(newAlertStatus())).toBe('New');
  });
});

describe('transitions', () => {
  it('markAsRead ignores an open alert, keeps a closed one, imports one with a case', () => {
    expect(markAlertAsRead(alert('New', false))).toEqual(alert('Ignored', true));
    expect(markAlertAsRead(alert('InProgress', false))).toEqual(alert('Ignored', true));
    expect(markAlertAsRead(alert('FalsePositive', true))).toEqual(alert('FalsePositive', true));
    expect(markAlertAsRead(alert('Imported', false, 'c1'))).toEqual(alert('Imported', true, 'c1'));
  });

  it('markAsUnread puts an alert without case back to New, one with a case to Updated', () => {
    expect(markAlertAsUnread(alert('Ignored', true))).toEqual(alert('New', false));
    expect(markAlertAsUnread(alert('Imported', true, 'c1'))).toEqual(alert('Imported', false, 'c1'));
  });

  it('import sets the case, Imported and read', () => {
    expect(importAlert(alert('New', false), 'c9')).toEqual(alert('Imported', true, 'c9'));
    expect(importAlert(alert('Imported', false, 'c1'), 'c2')).toEqual(alert('Imported', true, 'c2'));
  });

  it('detach puts the alert back in the queue', () => {
    expect(detachAlertFromCase(alert('Imported', true, 'c1'))).toEqual(alert('New', false));
  });

  it('update of a followed alert', () => {
    expect(updateFollowedAlert({ ...alert('Imported', true, 'c1'), follow: true })).toEqual({
      alert: alert('Imported', false, 'c1'),
      syncCase: true,
    });
    expect(updateFollowedAlert({ ...alert('Ignored', true), follow: true })).toEqual({
      alert: alert('New', false),
      syncCase: false,
    });
    expect(updateFollowedAlert({ ...alert('InProgress', false), follow: true }).alert).toEqual(
      alert('InProgress', false),
    );
    expect(updateFollowedAlert({ ...alert('Imported', true, 'c1'), follow: false })).toEqual({
      alert: alert('Imported', true, 'c1'),
      syncCase: false,
    });
  });

  it('v1 status change sets read and needs a case for Imported', () => {
    expect(value(setAlertStatus(alert('New', false), 'InProgress'))).toEqual(alert('InProgress', false));
    expect(value(setAlertStatus(alert('New', false), 'falsepositive'))).toEqual(alert('FalsePositive', true));
    expect(value(setAlertStatus(alert('Ignored', true), 'New'))).toEqual(alert('New', false));
    expect(value(setAlertStatus(alert('Imported', true, 'c1'), 'Imported'))).toEqual(
      alert('Imported', true, 'c1'),
    );
    expect(setAlertStatus(alert('New', false), 'Imported')).toEqual({
      ok: false,
      message:
        'Invalid value for status: "Imported" needs a case; import or merge the alert into a case instead',
    });
    const unknown = setAlertStatus(alert('New', false), 'Updated');
    expect(!unknown.ok && unknown.message).toContain(
      'Invalid value for status: "Updated"; allowed: New, InProgress',
    );
  });

  it('v1 statuses show sensibly in v0', () => {
    const shown = (s: A['status']) => alertToV0Status(value(setAlertStatus(alert('New', false), s)));
    expect(shown('New')).toBe('New');
    expect(shown('InProgress')).toBe('New');
    for (const s of ['Ignored', 'Duplicated', 'FalsePositive', 'TruePositive', 'Other'] as const)
      expect(shown(s)).toBe('Ignored');
  });
});

describe('v0 round trips', () => {
  const states = {
    New: alert('New', false),
    Updated: alert('Imported', false, 'c1'),
    Ignored: alert('Ignored', true),
    Imported: alert('Imported', true, 'c1'),
  } satisfies Record<string, A>;

  it('every stored state shows the v0 status it stands for', () => {
    for (const [v0, state] of Object.entries(states)) expect(alertToV0Status(state)).toBe(v0);
  });

  it('read/unread flips between New↔Ignored and Updated↔Imported and back', () => {
    const cycle = (a: A) => alertToV0Status(markAlertAsUnread(markAlertAsRead(a)));
    expect(alertToV0Status(markAlertAsRead(states.New))).toBe('Ignored');
    expect(cycle(states.New)).toBe('New');
    expect(alertToV0Status(markAlertAsRead(states.Updated))).toBe('Imported');
    expect(cycle(states.Updated)).toBe('Updated');
    expect(alertToV0Status(markAlertAsUnread(markAlertAsUnread(states.Ignored)))).toBe('New');
  });

  it('new → import → source update → read: New, Imported, Updated, Imported', () => {
    const trail: string[] = [];
    let a: A = newAlertStatus<string>();
    trail.push(alertToV0Status(a));
    a = importAlert(a, 'c1');
    trail.push(alertToV0Status(a));
    a = updateFollowedAlert({ ...a, follow: true }).alert;
    trail.push(alertToV0Status(a));
    a = markAlertAsRead(a);
    trail.push(alertToV0Status(a));
    expect(trail).toEqual(['New', 'Imported', 'Updated', 'Imported']);
  });

  it('a v0 status written on any state reads back as expected', () => {
    for (const state of Object.values(states)) {
      for (const v0 of ALERT_V0_STATUSES) {
        const next = value(alertStatusFromV0(state, v0));
        const expected =
          state.caseId === null
            ? v0 === 'New' || v0 === 'Updated'
              ? 'New'
              : 'Ignored'
            : v0 === 'New' || v0 === 'Updated'
              ? 'Updated'
              : 'Imported';
        expect(alertToV0Status(next)).toBe(expected);
      }
    }
    expect(alertStatusFromV0(states.New, 'Deleted').ok).toBe(false);
  });
});
