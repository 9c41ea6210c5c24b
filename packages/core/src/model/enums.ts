/**
 * Small fixed scales and value sets shared by cases, alerts, tasks and observables: severity,
 * TLP, PAP, task status and impact status, with the labels TheHive 5 shows next to the numbers.
 *
 * TLP is stored on TheHive 5's scale (0 CLEAR, 1 GREEN, 2 AMBER, 3 AMBER+STRICT, 4 RED). The v0
 * API speaks TheHive 3/4's scale (0 WHITE, 1 GREEN, 2 AMBER, 3 RED): RED is 3 there and 4 here,
 * and AMBER+STRICT, which v0 cannot say, is shown as AMBER (its nearest level; v0 clients see a
 * slightly less strict label). So that a v0 client writing back what it read loses nothing,
 * `tlpFromV0(v0, current)` keeps the current value when it is what `tlpToV0` shows for it
 * (AMBER+STRICT read as 2 and written back as 2 stays AMBER+STRICT). On v0 input, 4 is also
 * taken as RED, for clients that already use the new scale.
 */

const label = (labels: readonly string[], n: number, offset = 0) => labels[n - offset] ?? String(n);
const inRange = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

// Severity ------------------------------------------------------------------------------------

export type Severity = 1 | 2 | 3 | 4;
export const SEVERITY_LABELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const DEFAULT_SEVERITY: Severity = 2;
export const isSeverity = (n: unknown): n is Severity => inRange(n, 1, 4);
/** `LOW`..`CRITICAL`; other numbers as their decimal text. */
export const severityLabel = (n: number): string => label(SEVERITY_LABELS, n, 1);

// TLP -----------------------------------------------------------------------------------------

/** Internal TLP, TheHive 5 (TLP 2.0) scale. */
export type Tlp = 0 | 1 | 2 | 3 | 4;
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export const DEFAULT_TLP: Tlp = 2;
export const isTlp = (n: unknown): n is Tlp => inRange(n, 0, 4);
export const tlpLabel = (n: number): string => label(TLP_LABELS, n);

/** Values a v0 client may send: 0..3, plus 4 (RED on the new scale). */
export const isTlpV0Input = (n: unknown): n is number => inRange(n, 0, 4);

/**
 * v0 → internal: 3 (RED) → 4; 4 is already RED; 0..2 unchanged. With `current` (an update), a
 * value equal to what v0 shows for `current` keeps `current` (AMBER+STRICT survives a v0 round trip).
 */
export function tlpFromV0(n: number, current?: number): number {
  if (current !== undefined && tlpToV0(current) === n) return current;
  return n === 3 ? 4 : n;
}

/** internal → v0: 4 (RED) → 3; 3 (AMBER+STRICT) → 2 (AMBER); 0..2 unchanged. */
export const tlpToV0 = (n: number): number => (n >= 4 ? 3 : n === 3 ? 2 : n);

// PAP -----------------------------------------------------------------------------------------

export type Pap = 0 | 1 | 2 | 3;
export const PAP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'RED'] as const;
export const DEFAULT_PAP: Pap = 2;
export const isPap = (n: unknown): n is Pap => inRange(n, 0, 3);
export const papLabel = (n: number): string => label(PAP_LABELS, n);

// Task status ---------------------------------------------------------------------------------

export const TASK_STATUSES = ['Waiting', 'InProgress', 'Completed', 'Cancel'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const DEFAULT_TASK_STATUS: TaskStatus = 'Waiting';
export const isTaskStatus = (s: unknown): s is TaskStatus =>
  (TASK_STATUSES as readonly unknown[]).includes(s);

// Impact status -------------------------------------------------------------------------------

export const IMPACT_STATUSES = ['NoImpact', 'WithImpact', 'NotApplicable'] as const;
export type ImpactStatus = (typeof IMPACT_STATUSES)[number];
export const isImpactStatus = (s: unknown): s is ImpactStatus =>
  (IMPACT_STATUSES as readonly unknown[]).includes(s);
