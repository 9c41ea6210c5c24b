/**
 * Case status. One internal model, TheHive 5's: `status` is one of New, InProgress, TruePositive,
 * FalsePositive, Indeterminate, Other, Duplicated, and `stage` is derived from it (New, InProgress,
 * Closed). TheHive 3/4's pair `status` (Open / Resolved / Duplicated) + `resolutionStatus` maps onto
 * it without loss; the only fields to store are `status` (and `stage`, derived, for indexing).
 *
 * Output to v0 (and TheHive 4-style v1): New and InProgress → Open; Duplicated → status Duplicated
 * with resolutionStatus Duplicated; any other closed status X → Resolved with resolutionStatus X.
 *
 * Input (v0, and v1 from TheHive 4 clients) — `current` is the stored status, undefined at creation:
 * - `status: Open`: an open case keeps its status (New stays New); a new case is New; a closed
 *   case is reopened as InProgress. A resolutionStatus next to Open is ignored (an open case has none).
 * - `status: Resolved` + resolutionStatus X → X (X may be Duplicated). Without X, a closed case keeps
 *   its status (re-resolving loses nothing) and an open case closes as Indeterminate.
 * - `status: Duplicated` → Duplicated.
 * - bare resolutionStatus X (no status): a closed case takes X; an open case ignores it (closing a
 *   case is an explicit act, as in TheHive 3 where the UI always sends both).
 * v1 input also accepts TheHive 5's statuses directly (a resolutionStatus next to them is ignored).
 * Values are matched case-insensitively. TheHive 3's `Deleted` is refused: deleting is its own command.
 * Organisation-defined case statuses (TheHive 5) are not supported: the set is fixed.
 */
import { failure, type ModelResult, shown, success } from './result.js';

/** The closed statuses; also the values of v0 `resolutionStatus`. */
export const CASE_RESOLUTION_STATUSES = [
  'TruePositive',
  'FalsePositive',
  'Indeterminate',
  'Other',
  'Duplicated',
] as const;
export type CaseResolutionStatus = (typeof CASE_RESOLUTION_STATUSES)[number];

export const CASE_STATUSES = ['New', 'InProgress', ...CASE_RESOLUTION_STATUSES] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const DEFAULT_CASE_STATUS: CaseStatus = 'New';

export const CASE_STAGES = ['New', 'InProgress', 'Closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const CASE_V0_STATUSES = ['Open', 'Resolved', 'Duplicated'] as const;
export type CaseV0Status = (typeof CASE_V0_STATUSES)[number];

export const isCaseStatus = (s: unknown): s is CaseStatus =>
  (CASE_STATUSES as readonly unknown[]).includes(s);

export const caseStageOf = (status: CaseStatus): CaseStage =>
  status === 'New' ? 'New' : status === 'InProgress' ? 'InProgress' : 'Closed';

export const isClosedCaseStatus = (status: CaseStatus): boolean => caseStageOf(status) === 'Closed';

/** v0 / TheHive 4 rendering of a status. */
export function caseStatusToV0(status: CaseStatus): {
  status: CaseV0Status;
  resolutionStatus: CaseResolutionStatus | null;
} {
  if (!isClosedCaseStatus(status)) return { status: 'Open', resolutionStatus: null };
  const resolutionStatus = status as CaseResolutionStatus;
  return { status: status === 'Duplicated' ? 'Duplicated' : 'Resolved', resolutionStatus };
}

export interface CaseStatusInput {
  status?: unknown;
  resolutionStatus?: unknown;
}

/** The status after a v0 create/update carrying `status` and/or `resolutionStatus`. */
export function caseStatusFromV0(
  current: CaseStatus | undefined,
  input: CaseStatusInput,
): ModelResult<CaseStatus> {
  return fromInput(current, input, CASE_V0_STATUSES);
}

/** The status after a v1 create/update: TheHive 5 statuses, or TheHive 4's Open/Resolved/Duplicated. */
export function caseStatusFromV1(
  current: CaseStatus | undefined,
  input: CaseStatusInput,
): ModelResult<CaseStatus> {
  return fromInput(current, input, [...CASE_V0_STATUSES, ...CASE_STATUSES]);
}

/** What a status change implies: closing sets endDate and closes tasks; reopening clears endDate. */
export function caseStatusChange(
  previous: CaseStatus | undefined,
  next: CaseStatus,
): { closes: boolean; reopens: boolean; stageChanged: boolean } {
  const before = previous === undefined ? undefined : caseStageOf(previous);
  const after = caseStageOf(next);
  return {
    closes: after === 'Closed' && before !== 'Closed',
    reopens: before === 'Closed' && after !== 'Closed',
    stageChanged: before !== after,
  };
}

const absent = (v: unknown) => v === undefined || v === null || v === '';

function match<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === lower);
}

function fromInput(
  current: CaseStatus | undefined,
  input: CaseStatusInput,
  vocabulary: readonly string[],
): ModelResult<CaseStatus> {
  const start = current ?? DEFAULT_CASE_STATUS;
  let resolution: CaseResolutionStatus | undefined;
  if (!absent(input.resolutionStatus)) {
    resolution = match(input.resolutionStatus, CASE_RESOLUTION_STATUSES);
    if (resolution === undefined) {
      return failure(
        `Invalid value for resolutionStatus: ${shown(input.resolutionStatus)}; allowed: ${CASE_RESOLUTION_STATUSES.join(', ')}`,
      );
    }
  }
  if (absent(input.status)) {
    return success(resolution !== undefined && isClosedCaseStatus(start) ? resolution : start);
  }
  const status = match(input.status, [...new Set(vocabulary)]);
  if (status === undefined) {
    return failure(
      `Invalid value for status: ${shown(input.status)}; allowed: ${[...new Set(vocabulary)].join(', ')}`,
    );
  }
  switch (status) {
    case 'Open':
      if (current === undefined) return success(DEFAULT_CASE_STATUS);
      return success(isClosedCaseStatus(current) ? 'InProgress' : current);
    case 'Resolved':
      if (resolution !== undefined) return success(resolution);
      return success(current !== undefined && isClosedCaseStatus(current) ? current : 'Indeterminate');
    default:
      return success(status as CaseStatus);
  }
}
