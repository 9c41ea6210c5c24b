/**
 * Alert status. Internal model = TheHive 5-like `status` (New, InProgress, Imported, Ignored,
 * Duplicated, FalsePositive, TruePositive, Other) with a derived `stage` (New, InProgress,
 * Imported, Closed), plus two stored fields so that TheHive 3/4's v0 view round-trips:
 *
 *   status  AlertStatus       the internal status
 *   read    boolean           TheHive 4's read flag
 *   caseId  id | null         the case the alert was imported or merged into
 *
 * v0 shows TheHive 4's derived status: no case & !read = New, case & !read = Updated,
 * no case & read = Ignored, case & read = Imported. The transitions below keep status and read
 * consistent: without a case, read ⇔ stage Closed; with a case, read is false only after the
 * alert was updated by its source or marked unread (v0 "Updated") or set back to New/InProgress.
 *
 * - markAsRead: with a case → Imported; without → Ignored, unless already closed (a
 *   FalsePositive stays FalsePositive). TheHive 3's "ignore" was markAsRead.
 * - markAsUnread: with a case → stays as is, unread (v0 Updated); without → New.
 * - import / merge into a case → Imported, read, caseId set.
 * - detach from its case (case deleted, alert unlinked) → New, unread, no case.
 * - update of a followed alert by its source: unread; without a case a closed alert is reopened
 *   as New (it shows again in the queue, as in TheHive 3/4); with a case the caller re-imports
 *   its observables into the case (`syncCase`).
 * - v1 status change: Imported needs a case; New/InProgress → unread; closed statuses → read.
 *   An InProgress alert shows as New in v0 (it is still in the queue, not ignored).
 * - v0 status input (rare): New/Updated = markAsUnread, Ignored/Imported = markAsRead.
 * TheHive 5's default alert status list is inferred (only the stages are documented).
 */
import { failure, type ModelResult, shown, success } from './result.js';

export const ALERT_STATUSES = [
  'New',
  'InProgress',
  'Imported',
  'Ignored',
  'Duplicated',
  'FalsePositive',
  'TruePositive',
  'Other',
] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_STAGES = ['New', 'InProgress', 'Imported', 'Closed'] as const;
export type AlertStage = (typeof ALERT_STAGES)[number];

export const ALERT_V0_STATUSES = ['New', 'Updated', 'Ignored', 'Imported'] as const;
export type AlertV0Status = (typeof ALERT_V0_STATUSES)[number];

/** The stored fields that make up an alert's status. `Id` is the storage's case id type. */
export interface AlertStatusFields<Id = string | number> {
  status: AlertStatus;
  read: boolean;
  caseId: Id | null;
}

export const alertStageOf = (status: AlertStatus): AlertStage =>
  status === 'New' || status === 'InProgress' || status === 'Imported' ? status : 'Closed';

/** A new alert. */
export const newAlertStatus = <Id = string | number>(): AlertStatusFields<Id> => ({
  status: 'New',
  read: false,
  caseId: null,
});

const hasCase = (a: { caseId: unknown }) => a.caseId !== null && a.caseId !== undefined && a.caseId !== '';

/** TheHive 4's v0 status, from the case link and the read flag only. */
export function alertToV0Status(alert: { read: boolean; caseId: unknown }): AlertV0Status {
  if (hasCase(alert)) return alert.read ? 'Imported' : 'Updated';
  return alert.read ? 'Ignored' : 'New';
}

export function markAlertAsRead<Id>(alert: AlertStatusFields<Id>): AlertStatusFields<Id> {
  if (hasCase(alert)) return { ...alert, status: 'Imported', read: true };
  const closed = alertStageOf(alert.status) === 'Closed';
  return { ...alert, status: closed ? alert.status : 'Ignored', read: true };
}

export function markAlertAsUnread<Id>(alert: AlertStatusFields<Id>): AlertStatusFields<Id> {
  if (hasCase(alert)) return { ...alert, read: false };
  return { ...alert, status: 'New', read: false };
}

/** Import into a new case or merge into an existing one. */
export function importAlert<Id>(alert: AlertStatusFields<Id>, caseId: Id): AlertStatusFields<Id> {
  return { ...alert, status: 'Imported', read: true, caseId };
}

/** The alert's case is gone (deleted, or the alert was unlinked): back to the queue. */
export function detachAlertFromCase<Id>(alert: AlertStatusFields<Id>): AlertStatusFields<Id> {
  return { ...alert, status: 'New', read: false, caseId: null };
}

/**
 * The source updated the alert (v0 update by a feeder, re-post of the same type/source/sourceRef).
 * Only followed alerts change; `syncCase` tells the caller to re-import the observables into the case.
 */
export function updateFollowedAlert<Id>(alert: AlertStatusFields<Id> & { follow: boolean }): {
  alert: AlertStatusFields<Id>;
  syncCase: boolean;
} {
  const fields: AlertStatusFields<Id> = { status: alert.status, read: alert.read, caseId: alert.caseId };
  if (!alert.follow) return { alert: fields, syncCase: false };
  if (hasCase(alert)) return { alert: { ...fields, read: false }, syncCase: true };
  const closed = alertStageOf(alert.status) === 'Closed';
  return { alert: { ...fields, status: closed ? 'New' : alert.status, read: false }, syncCase: false };
}

const match = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase()) : undefined;

/** A v1 status change (`PATCH /api/v1/alert/{id}` with `status`). Values match case-insensitively. */
export function setAlertStatus<Id>(
  alert: AlertStatusFields<Id>,
  input: unknown,
): ModelResult<AlertStatusFields<Id>> {
  const status = match(input, ALERT_STATUSES);
  if (status === undefined) {
    return failure(`Invalid value for status: ${shown(input)}; allowed: ${ALERT_STATUSES.join(', ')}`);
  }
  if (status === 'Imported' && !hasCase(alert)) {
    return failure(
      'Invalid value for status: "Imported" needs a case; import or merge the alert into a case instead',
    );
  }
  const read = status !== 'New' && status !== 'InProgress';
  return success({ ...alert, status, read });
}

/** A v0 `status` input (TheHive 3 style): New/Updated mark the alert unread, Ignored/Imported read. */
export function alertStatusFromV0<Id>(
  alert: AlertStatusFields<Id>,
  input: unknown,
): ModelResult<AlertStatusFields<Id>> {
  const status = match(input, ALERT_V0_STATUSES);
  if (status === undefined) {
    return failure(`Invalid value for status: ${shown(input)}; allowed: ${ALERT_V0_STATUSES.join(', ')}`);
  }
  return success(
    status === 'New' || status === 'Updated' ? markAlertAsUnread(alert) : markAlertAsRead(alert),
  );
}
