/**
 * The fixed value sets of the v1 API as named constants: `Tlp.Amber`, `Severity.High`,
 * `CaseStatus.TruePositive`... Each constant is checked against the type in @propolis/core
 * (model/enums.ts, model/case-status.ts, model/alert-status.ts), so they cannot drift apart.
 */
import type {
  AlertStatus as CoreAlertStatus,
  CaseStatus as CoreCaseStatus,
  ImpactStatus as CoreImpactStatus,
  Pap as CorePap,
  Severity as CoreSeverity,
  TaskStatus as CoreTaskStatus,
  Tlp as CoreTlp,
} from '@propolis/core';

type ValueOf<T> = T[keyof T];

/** Traffic Light Protocol, TheHive 5 (TLP 2.0) scale. */
export const Tlp = {
  Clear: 0,
  White: 0,
  Green: 1,
  Amber: 2,
  AmberStrict: 3,
  Red: 4,
} as const satisfies Record<string, CoreTlp>;
export type Tlp = ValueOf<typeof Tlp>;

/** Permissible Actions Protocol. */
export const Pap = { Clear: 0, White: 0, Green: 1, Amber: 2, Red: 3 } as const satisfies Record<
  string,
  CorePap
>;
export type Pap = ValueOf<typeof Pap>;

export const Severity = { Low: 1, Medium: 2, High: 3, Critical: 4 } as const satisfies Record<
  string,
  CoreSeverity
>;
export type Severity = ValueOf<typeof Severity>;

export const CaseStatus = {
  New: 'New',
  InProgress: 'InProgress',
  TruePositive: 'TruePositive',
  FalsePositive: 'FalsePositive',
  Indeterminate: 'Indeterminate',
  Other: 'Other',
  Duplicated: 'Duplicated',
} as const satisfies { [K in CoreCaseStatus]: K };
export type CaseStatus = ValueOf<typeof CaseStatus>;

export const TaskStatus = {
  Waiting: 'Waiting',
  InProgress: 'InProgress',
  Completed: 'Completed',
  Cancel: 'Cancel',
} as const satisfies { [K in CoreTaskStatus]: K };
export type TaskStatus = ValueOf<typeof TaskStatus>;

export const AlertStatus = {
  New: 'New',
  InProgress: 'InProgress',
  Imported: 'Imported',
  Ignored: 'Ignored',
  Duplicated: 'Duplicated',
  FalsePositive: 'FalsePositive',
  TruePositive: 'TruePositive',
  Other: 'Other',
} as const satisfies { [K in CoreAlertStatus]: K };
export type AlertStatus = ValueOf<typeof AlertStatus>;

export const ImpactStatus = {
  NoImpact: 'NoImpact',
  WithImpact: 'WithImpact',
  NotApplicable: 'NotApplicable',
} as const satisfies { [K in CoreImpactStatus]: K };
export type ImpactStatus = ValueOf<typeof ImpactStatus>;
