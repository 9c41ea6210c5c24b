import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  type CaseStatus,
  caseStageOf,
  caseStatusChange,
  caseStatusFromV0,
  caseStatusFromV1,
  caseStatusToV0,
} from './case-status.js';

const value = (r: { ok: true; value: CaseStatus } | { ok: false; message: string }) => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('stage', () => {
  it('derives the stage', () => {
    expect(CASE_STATUSES.map(caseStageOf)).toEqual([
      'New',
      'InProgress',
      'Closed',
      'Closed',
      'Closed',
      'Closed',
      'Closed',
    ]);
  });
});

describe('internal → v0', () => {
  it('renders every status', () => {
    expect(caseStatusToV0('New')).toEqual({ status: 'Open', resolutionStatus: null });
    expect(caseStatusToV0('InProgress')).toEqual({ status: 'Open', resolutionStatus: null });
    expect(caseStatusToV0('Duplicated')).toEqual({ status: 'Duplicated', resolutionStatus: 'Duplicated' });
    for (const s of ['TruePositive', 'FalsePositive', 'Indeterminate', 'Other'] as const) {
      expect(caseStatusToV0(s)).toEqual({ status: 'Resolved', resolutionStatus: s });
    }
  });

  it('round-trips internal → v0 → internal for every status', () => {
    for (const s of CASE_STATUSES) expect(value(caseStatusFromV0(s, caseStatusToV0(s)))).toBe(s);
    for (const s of CASE_STATUSES) expect(value(caseStatusFromV1(s, caseStatusToV0(s)))).toBe(s);
  });
});

describe('v0 → internal → v0', () => {
  const inputs = [
    { status: 'Open' },
    { status: 'Resolved', resolutionStatus: 'TruePositive' },
    { status: 'Resolved', resolutionStatus: 'FalsePositive' },
    { status: 'Resolved', resolutionStatus: 'Indeterminate' },
    { status: 'Resolved', resolutionStatus: 'Other' },
    { status: 'Duplicated', resolutionStatus: 'Duplicated' },
  ];

  it('renders back what was written, at creation and from every current status', () => {
    for (const current of [undefined, ...CASE_STATUSES]) {
      for (const input of inputs) {
        const back = caseStatusToV0(value(caseStatusFromV0(current, input)));
        expect({ current, ...back }).toEqual({
          current,
          status: input.status,
          resolutionStatus: input.resolutionStatus ?? null,
        });
      }
    }
  });

  it('Resolved + Duplicated resolution is Duplicated', () => {
    expect(value(caseStatusFromV0('New', { status: 'Resolved', resolutionStatus: 'Duplicated' }))).toBe(
      'Duplicated',
    );
    expect(value(caseStatusFromV0('New', { status: 'Duplicated' }))).toBe('Duplicated');
  });
});

describe('v0 input rules', () => {
  it('Open keeps an open status, starts New, reopens as InProgress', () => {
    expect(value(caseStatusFromV0(undefined, { status: 'Open' }))).toBe('New');
    expect(value(caseStatusFromV0('New', { status: 'Open' }))).toBe('New');
    expect(value(caseStatusFromV0('InProgress', { status: 'Open' }))).toBe('InProgress');
    expect(value(caseStatusFromV0('FalsePositive', { status: 'Open' }))).toBe('InProgress');
    expect(value(caseStatusFromV0('Duplicated', { status: 'Open', resolutionStatus: 'Other' }))).toBe(
      'InProgress',
    );
  });

  it('Resolved without resolution keeps a closed status, else Indeterminate', () => {
    expect(value(caseStatusFromV0('New', { status: 'Resolved' }))).toBe('Indeterminate');
    expect(value(caseStatusFromV0(undefined, { status: 'Resolved', resolutionStatus: null }))).toBe(
      'Indeterminate',
    );
    expect(value(caseStatusFromV0('TruePositive', { status: 'Resolved' }))).toBe('TruePositive');
  });

  it('a bare resolutionStatus changes a closed case and is ignored on an open one', () => {
    expect(value(caseStatusFromV0('TruePositive', { resolutionStatus: 'FalsePositive' }))).toBe(
      'FalsePositive',
    );
    expect(value(caseStatusFromV0('Duplicated', { resolutionStatus: 'Other' }))).toBe('Other');
    expect(value(caseStatusFromV0('InProgress', { resolutionStatus: 'FalsePositive' }))).toBe('InProgress');
    expect(value(caseStatusFromV0(undefined, { resolutionStatus: 'FalsePositive' }))).toBe('New');
  });

  it('no status fields leave the status unchanged', () => {
    expect(value(caseStatusFromV0('Other', {}))).toBe('Other');
    expect(value(caseStatusFromV0(undefined, {}))).toBe('New');
  });

  it('matches case-insensitively', () => {
    expect(value(caseStatusFromV0('New', { status: 'resolved', resolutionStatus: 'truepositive' }))).toBe(
      'TruePositive',
    );
  });

  it('refuses unknown values and TheHive 5 statuses on v0', () => {
    const deleted = caseStatusFromV0('New', { status: 'Deleted' });
    expect(deleted).toEqual({
      ok: false,
      message: 'Invalid value for status: "Deleted"; allowed: Open, Resolved, Duplicated',
    });
    expect(caseStatusFromV0('New', { status: 'TruePositive' }).ok).toBe(false);
    const resolution = caseStatusFromV0('New', { status: 'Resolved', resolutionStatus: 'Fixed' });
    expect(!resolution.ok && resolution.message).toBe(
      'Invalid value for resolutionStatus: "Fixed"; allowed: TruePositive, FalsePositive, Indeterminate, Other, Duplicated',
    );
    expect(caseStatusFromV0('New', { status: 3 }).ok).toBe(false);
  });
});

describe('v1 input', () => {
  it('accepts TheHive 5 statuses directly', () => {
    for (const s of CASE_STATUSES) expect(value(caseStatusFromV1('New', { status: s }))).toBe(s);
    expect(value(caseStatusFromV1('TruePositive', { status: 'New' }))).toBe('New');
    expect(value(caseStatusFromV1('New', { status: 'Other', resolutionStatus: 'TruePositive' }))).toBe(
      'Other',
    );
  });

  it('accepts TheHive 4 statuses with resolutionStatus', () => {
    expect(value(caseStatusFromV1('New', { status: 'Resolved', resolutionStatus: 'FalsePositive' }))).toBe(
      'FalsePositive',
    );
    expect(value(caseStatusFromV1('FalsePositive', { status: 'Open' }))).toBe('InProgress');
    expect(value(caseStatusFromV1('New', { status: 'Duplicated' }))).toBe('Duplicated');
    expect(value(caseStatusFromV1('Other', { resolutionStatus: 'TruePositive' }))).toBe('TruePositive');
  });

  it('refuses unknown statuses', () => {
    const r = caseStatusFromV1('New', { status: 'Closed' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('allowed: Open, Resolved, Duplicated, New, InProgress');
  });
});

describe('status change', () => {
  it('tells closing and reopening', () => {
    expect(caseStatusChange('New', 'TruePositive')).toEqual({
      closes: true,
      reopens: false,
      stageChanged: true,
    });
    expect(caseStatusChange('Other', 'InProgress')).toEqual({
      closes: false,
      reopens: true,
      stageChanged: true,
    });
    expect(caseStatusChange('Other', 'FalsePositive')).toEqual({
      closes: false,
      reopens: false,
      stageChanged: false,
    });
    expect(caseStatusChange(undefined, 'New')).toEqual({ closes: false, reopens: false, stageChanged: true });
    expect(caseStatusChange(undefined, 'Other').closes).toBe(true);
  });
});
