/**
 * Alerts on the wire: TheHive 5's OutputAlert for v1 (`_type: "Alert"`, status + stage, read,
 * follow, caseId, observableCount, labels, extraData with importDate, caseNumber and the handling
 * durations), TheHive 3/4's `alert` for v0 (status New/Updated/Ignored/Imported derived from the
 * case link and the read flag, `case`, embedded `artifacts`, TLP 0–3), and similar cases/alerts.
 */
import {
  type AlertOutputV0,
  type AlertOutputV1,
  alertToV0Status,
  type CaseStatus,
  type CustomFieldsV0,
  type CustomFieldValueV1,
  caseStatusToV0,
  formatId,
  type ObservableOutputV0,
  papLabel,
  type SimilarAlertV1,
  type SimilarCaseV0,
  type SimilarCaseV1,
  severityLabel,
  tlpLabel,
  tlpToV0,
} from '@propolis/core';
import { type AlertView, alertComputed, toAlertView } from '../../domain/alerts/alert-view.js';
import type { SimilarAlert, SimilarCase } from '../../domain/alerts/similarity.js';
import { toCaseView } from '../../domain/cases/case-view.js';
import { caseV1 } from './case.js';
import { auditedRow, metaV0, metaV1, optional } from './meta.js';

export function alertV1(
  a: AlertView,
  extras: {
    customFields?: CustomFieldValueV1[];
    caseNumber?: number;
    extraData?: AlertOutputV1['extraData'];
  } = {},
): AlertOutputV1 {
  const r = a.row;
  const computed = alertComputed(r);
  // Built on the meta object rather than spread into a literal (see caseV1: ten times faster).
  const out = Object.assign(metaV1(formatId(r.id), 'Alert', auditedRow(r)), {
    type: r.type,
    source: r.source,
    sourceRef: r.source_ref,
  }) as AlertOutputV1;
  optional(out, 'externalLink', r.external_link);
  Object.assign(out, {
    title: r.title,
    description: r.description,
    severity: r.severity,
    severityLabel: severityLabel(r.severity),
    date: r.date,
    lastSyncDate: r.last_sync_date,
    tags: a.tags,
    flag: r.flag === 1,
    tlp: r.tlp,
    tlpLabel: tlpLabel(r.tlp),
    pap: r.pap,
    papLabel: papLabel(r.pap),
    read: r.read === 1,
    follow: r.follow === 1,
    customFields: extras.customFields ?? [],
  });
  optional(out, 'caseTemplate', r.case_template);
  out.observableCount = r.observable_count;
  if (r.case_id !== null) out.caseId = formatId(r.case_id);
  out.status = r.status;
  out.stage = r.stage;
  optional(out, 'assignee', r.assignee);
  optional(out, 'summary', r.summary);
  out.newDate = r.created_at;
  optional(out, 'inProgressDate', r.in_progress_date);
  optional(out, 'closedDate', r.closed_date);
  optional(out, 'importedDate', r.import_date);
  out.timeToDetect = Math.max(0, r.created_at - r.date);
  const extraData: AlertOutputV1['extraData'] = {};
  if (computed.imported) {
    extraData.importDate = computed.importDate;
    if (extras.caseNumber !== undefined) extraData.caseNumber = extras.caseNumber;
  }
  Object.assign(extraData, {
    ...handling(computed),
    ...extras.extraData,
  });
  out.extraData = extraData;
  return out;
}

/** `imported` and the handling durations, shown alike by both faces. */
const handling = ({ importDate: _, ...rest }: ReturnType<typeof alertComputed>) => rest;

export function alertV0(
  a: AlertView,
  extras: {
    customFields?: CustomFieldsV0;
    artifacts?: ObservableOutputV0[];
    similarCases?: SimilarCaseV0[];
  } = {},
): AlertOutputV0 {
  const r = a.row;
  const computed = alertComputed(r);
  const out = {
    ...metaV0(formatId(r.id), 'alert', auditedRow(r)),
    type: r.type,
    source: r.source,
    sourceRef: r.source_ref,
  } as AlertOutputV0;
  optional(out, 'externalLink', r.external_link);
  Object.assign(out, {
    title: r.title,
    description: r.description,
    severity: r.severity,
    date: r.date,
    lastSyncDate: r.last_sync_date,
    tags: a.tags,
    tlp: tlpToV0(r.tlp),
    pap: r.pap,
    status: alertToV0Status({ read: r.read === 1, caseId: r.case_id }),
    follow: r.follow === 1,
    customFields: extras.customFields ?? {},
  });
  optional(out, 'caseTemplate', r.case_template);
  optional(out, 'owner', r.assignee);
  optional(out, 'summary', r.summary);
  if (r.case_id !== null) {
    out.case = formatId(r.case_id);
    out.caseId = formatId(r.case_id);
    out.importDate = computed.importDate;
  }
  Object.assign(out, {
    ...handling(computed),
    observableCount: r.observable_count,
    artifacts: extras.artifacts ?? [],
  });
  if (extras.similarCases) out.similarCases = extras.similarCases;
  return out;
}

const counts = (s: SimilarCase | SimilarAlert) => ({
  similarObservableCount: s.similarObservableCount,
  observableCount: s.observableCount,
  similarIocCount: s.similarIocCount,
  iocCount: s.iocCount,
  observableTypes: s.observableTypes,
});

/** TheHive 4's `similarCases` item: `{case, similarObservableCount, observableCount, similarIocCount, iocCount, observableTypes}`. */
export const similarCaseV1 = (s: SimilarCase): SimilarCaseV1 =>
  Object.assign({ case: caseV1(toCaseView(s.case)) }, counts(s));

/** The same for similar alerts (`{alert, ...counts}`). */
export const similarAlertV1 = (s: SimilarAlert): SimilarAlertV1 =>
  Object.assign({ alert: alertV1(toAlertView(s.alert)) }, counts(s));

/** TheHive 3/4's v0 similar case (`GET /api/alert/{id}?similarity=1`). */
export function similarCaseV0(s: SimilarCase): SimilarCaseV0 {
  const c = s.case;
  const { status, resolutionStatus } = caseStatusToV0(c.status as CaseStatus);
  return {
    _id: formatId(c.id),
    id: formatId(c.id),
    caseId: c.number,
    title: c.title,
    severity: c.severity,
    startDate: c.start_date,
    endDate: c.end_date,
    resolutionStatus: resolutionStatus ?? null,
    status,
    tags: JSON.parse(c.tags) as string[],
    tlp: tlpToV0(c.tlp),
    artifactCount: s.observableCount,
    iocCount: s.iocCount,
    similarArtifactCount: s.similarObservableCount,
    similarIocCount: s.similarIocCount,
  };
}
