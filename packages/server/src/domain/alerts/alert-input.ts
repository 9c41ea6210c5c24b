/**
 * Alert fields as commands take them (v1 names, TheHive 5 model: status with a derived stage,
 * TLP 0–4). The v0 face maps its names and scales before calling (api/schemas/alert.ts).
 */
import {
  type AlertStatusFields,
  alertStageOf,
  badRequest,
  conflict,
  formatId,
  MAX_LINK,
  MAX_LONG_TEXT,
} from '@propolis/core';
import type { Updateable } from 'kysely';
import type { AlertRow } from '../../db/repositories/alerts.js';
import type { AlertTable } from '../../db/schema.js';
import { checkLength } from '../input-rules.js';
import type { CreateObservableInput } from '../observables/observable-input.js';
import type { ProcedureInput } from '../procedures/procedure-input.js';

export interface AlertFields {
  type?: string;
  source?: string;
  sourceRef?: string;
  externalLink?: string | null;
  title?: string;
  description?: string;
  severity?: number;
  date?: number;
  lastSyncDate?: number;
  tags?: string[];
  flag?: boolean;
  tlp?: number;
  pap?: number;
  /** v1 status words (TheHive 5), or v0 ones when `statusIsV0`. */
  status?: string;
  statusIsV0?: boolean;
  summary?: string | null;
  assignee?: string | null;
  caseTemplate?: string | null;
  follow?: boolean;
  /** Any accepted custom-field form (v1 list, object, v0 map). */
  customFields?: unknown;
}

export interface AlertInput extends AlertFields {
  /** v1 `observables`, v0 `artifacts`. */
  observables?: CreateObservableInput[];
  /** TheHive 5 `procedures` (TTPs) of the new alert. */
  procedures?: ProcedureInput[];
}

export interface AlertUpdate extends AlertFields {
  addTags?: string[];
  removeTags?: string[];
  /** v0 `artifacts` on update: the alert's observables become exactly these. */
  observables?: CreateObservableInput[];
  /**
   * The update comes from the alert's source (v0 PATCH, TheHive 3/4 feeders): a followed alert is
   * marked unread (v0 "Updated"), a closed one without case goes back to New, and the observables
   * of an imported one are re-imported into its case (core `updateFollowedAlert`).
   */
  fromSource?: boolean;
}

export function checkKeyPart(value: string | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text) throw badRequest(`${field}: is required and must not be empty`);
  if (text.length > max) throw badRequest(`${field}: must be at most ${max} characters`);
  if (text.includes(';') && field !== 'sourceRef')
    throw badRequest(`${field}: must not contain ";" (alerts are named type;source;sourceRef)`);
  return text;
}

export const checkDescription = (value: string | undefined): string =>
  checkLength(value ?? '', 'description', MAX_LONG_TEXT);

export function checkLink(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  if (value.length > MAX_LINK) throw badRequest(`externalLink: must be at most ${MAX_LINK} characters`);
  return value.trim();
}

/** TheHive's answer to a second alert with the same type, source and sourceRef. */
export function alertConflict(key: { type: string; source: string; sourceRef: string }, existing?: AlertRow) {
  return conflict(
    `Alert ${key.type};${key.source};${key.sourceRef} already exists in this organisation`,
    existing
      ? {
          _id: formatId(existing.id),
          type: existing.type,
          source: existing.source,
          sourceRef: existing.source_ref,
        }
      : { type: key.type, source: key.source, sourceRef: key.sourceRef },
  );
}

/**
 * The column changes that move an alert to new status fields: status, stage, read, case, and the
 * stage dates (inProgressDate set once, closedDate set on closing and cleared on reopening).
 */
export function statusColumns(
  row: AlertRow,
  next: AlertStatusFields<number>,
  now: number,
  /** The stage of an organisation-defined status (domain/statuses/statuses.ts). */
  customStage?: string,
): Updateable<AlertTable> {
  const set: Updateable<AlertTable> = {};
  const stage = customStage ?? alertStageOf(next.status);
  if (next.status !== row.status) {
    set.status = next.status;
    set.stage = stage;
    if (stage === 'InProgress' && row.in_progress_date === null) set.in_progress_date = now;
    if (stage === 'Closed' && row.stage !== 'Closed') set.closed_date = now;
    if (stage !== 'Closed' && row.closed_date !== null) set.closed_date = null;
  }
  if ((next.read ? 1 : 0) !== row.read) set.read = next.read ? 1 : 0;
  if (next.caseId !== row.case_id) set.case_id = next.caseId;
  return set;
}
