/** The client's named constants hold exactly the values of @propolis/core's sets. */
import {
  ALERT_STATUSES,
  CASE_STATUSES,
  IMPACT_STATUSES,
  PAP_LABELS,
  SEVERITY_LABELS,
  TASK_STATUSES,
  TLP_LABELS,
} from '@propolis/core';
import { describe, expect, it } from 'vitest';
import { AlertStatus, CaseStatus, ImpactStatus, Pap, Severity, TaskStatus, Tlp } from './enums.js';

describe('named constants', () => {
  it('name every status of core, each by itself, and no other', () => {
    for (const [constant, list] of [
      [CaseStatus, CASE_STATUSES],
      [TaskStatus, TASK_STATUSES],
      [AlertStatus, ALERT_STATUSES],
      [ImpactStatus, IMPACT_STATUSES],
    ] as const) {
      expect(Object.keys(constant).sort()).toEqual([...list].sort());
      for (const [k, v] of Object.entries(constant)) expect(v).toBe(k);
    }
  });

  it('cover every level of the numeric scales', () => {
    expect(new Set(Object.values(Tlp)).size).toBe(TLP_LABELS.length);
    expect(new Set(Object.values(Pap)).size).toBe(PAP_LABELS.length);
    expect(new Set(Object.values(Severity)).size).toBe(SEVERITY_LABELS.length);
  });
});
