/**
 * An alert as commands return it: the row with its tags parsed. Custom fields, observables, the
 * case number and similarity are read by presenters and routes through their own modules.
 */
import type { AlertStatus, AlertStatusFields } from '@propolis/core';
import type { AlertRow } from '../../db/repositories/alerts.js';
import type { CustomFieldValueView } from '../custom-fields/values.js';

export interface AlertView {
  row: AlertRow;
  tags: string[];
  /** The custom field values when the command knows them (it just wrote them); else presenters read them. */
  customFields?: CustomFieldValueView[];
}

export const toAlertView = (row: AlertRow): AlertView => ({ row, tags: JSON.parse(row.tags) as string[] });

/** The stored status fields in the core model's shape (core model/alert-status.ts). */
export const statusFieldsOf = (row: AlertRow): AlertStatusFields<number> => ({
  status: row.status as AlertStatus,
  read: row.read === 1,
  caseId: row.case_id,
});

/** Computed properties of an alert (TheHive 4's `importDate`, `imported`, `computed.handlingDuration*`). */
export function alertComputed(row: AlertRow) {
  const duration = row.handling_duration ?? 0;
  return {
    imported: row.case_id !== null,
    importDate: row.import_date ?? undefined,
    handlingDuration: duration,
    handlingDurationInSeconds: Math.floor(duration / 1000),
    handlingDurationInMinutes: Math.floor(duration / 60_000),
    handlingDurationInHours: Math.floor(duration / 3_600_000),
    handlingDurationInDays: Math.floor(duration / 86_400_000),
  };
}
