/**
 * The fixed value sets of the v1 API as named constants: `Tlp.Amber`, `Severity.High`,
 * `CaseStatus.TruePositive`... Each constant is checked against @propolis/core
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

/**
 * The names of one of core's string sets, each under its own name (`{ New: 'New', ... }`); a name
 * outside `T` does not compile, and enums.test.ts checks that every name of core's list is there
 * (the client imports only types from core, so that its browser build stays without Node modules).
 */
const named = <T extends string>(...names: T[]) =>
  Object.freeze(Object.fromEntries(names.map((n) => [n, n]))) as { readonly [K in T]: K };

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

export const CaseStatus = named<CoreCaseStatus>(
  'New',
  'InProgress',
  'TruePositive',
  'FalsePositive',
  'Indeterminate',
  'Other',
  'Duplicated',
);
export type CaseStatus = ValueOf<typeof CaseStatus>;

export const TaskStatus = named<CoreTaskStatus>('Waiting', 'InProgress', 'Completed', 'Cancel');
export type TaskStatus = ValueOf<typeof TaskStatus>;

export const AlertStatus = named<CoreAlertStatus>(
  'New',
  'InProgress',
  'Imported',
  'Ignored',
  'Duplicated',
  'FalsePositive',
  'TruePositive',
  'Other',
);
export type AlertStatus = ValueOf<typeof AlertStatus>;

export const ImpactStatus = named<CoreImpactStatus>('NoImpact', 'WithImpact', 'NotApplicable');
export type ImpactStatus = ValueOf<typeof ImpactStatus>;
