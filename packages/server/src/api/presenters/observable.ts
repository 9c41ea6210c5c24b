/**
 * Observables on the wire: TheHive 5's OutputObservable for v1 (`_type: "Observable"`, attachment
 * with `_id` = attachment row and `id` = SHA-256, `extraData.seen`), TheHive 3/4's `case_artifact`
 * for v0 (TLP 0–3, `status: "Ok"`, `stats` with `nstats`), and case links for both.
 */
import {
  type AttachmentOutput,
  type CaseOutputV0,
  formatId,
  type LinkedCaseV0,
  type LinkedCaseV1,
  type ObservableOutputV0,
  type ObservableOutputV1,
  papLabel,
  tlpLabel,
  tlpToV0,
} from '@propolis/core';
import type { AttachmentView } from '../../db/repositories/attachments.js';
import type { CaseRow } from '../../db/repositories/cases.js';
import { toCaseView } from '../../domain/cases/case-view.js';
import type { LinkedCase } from '../../domain/observables/linked-cases.js';
import type { ObservableView } from '../../domain/observables/observable-view.js';
import { attachmentRef } from './attachment-ref.js';
import { caseV0, caseV1 } from './case.js';
import { auditedRow, metaV0, metaV1 } from './meta.js';

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function observableV1(v: ObservableView): ObservableOutputV1 {
  const r = v.row;
  const out = {
    ...metaV1(formatId(r.id), 'Observable', auditedRow(r)),
    dataType: r.data_type,
  } as ObservableOutputV1;
  if (r.data !== null) out.data = r.data;
  out.startDate = r.start_date;
  if (v.attachment) out.attachment = attachmentRef(v.attachment);
  Object.assign(out, {
    tlp: r.tlp,
    tlpLabel: tlpLabel(r.tlp),
    pap: r.pap,
    papLabel: papLabel(r.pap),
    tags: parseJson<string[]>(r.tags, []),
    ioc: r.ioc === 1,
    sighted: r.sighted === 1,
  });
  if (r.sighted_at !== null) out.sightedAt = r.sighted_at;
  out.reports = parseJson<ObservableOutputV1['reports']>(r.reports, {});
  if (r.message !== null) out.message = r.message;
  out.ignoreSimilarity = r.ignore_similarity === 1;
  out.extraData = v.seen ? { seen: { seen: v.seen.seen, ioc: v.seen.ioc } } : {};
  return out;
}

/** TheHive 3's attachment object: hashes longest first, `id` = the SHA-256 /api/datastore serves. */
export const attachmentV0 = (a: AttachmentView): AttachmentOutput => ({
  name: a.name,
  hashes: [a.blob_sha256, a.sha1, a.md5],
  size: a.size,
  contentType: a.content_type,
  id: a.blob_sha256,
});

export function observableV0(
  v: ObservableView,
  options: { stats?: boolean; case?: CaseRow } = {},
): ObservableOutputV0 {
  const r = v.row;
  const out = {
    ...metaV0(formatId(r.id), 'case_artifact', auditedRow(r)),
    dataType: r.data_type,
  } as ObservableOutputV0;
  if (r.case_id !== null) out._parent = formatId(r.case_id);
  else if (r.alert_id !== null) out._parent = formatId(r.alert_id);
  if (r.data !== null) out.data = r.data;
  if (v.attachment) out.attachment = attachmentV0(v.attachment);
  Object.assign(out, {
    startDate: r.start_date,
    tlp: tlpToV0(r.tlp),
    tags: parseJson<string[]>(r.tags, []),
    ioc: r.ioc === 1,
    sighted: r.sighted === 1,
    message: r.message ?? '',
    reports: parseJson<ObservableOutputV1['reports']>(r.reports, {}),
    status: 'Ok',
    ignoreSimilarity: r.ignore_similarity === 1,
  });
  if (options.stats) out.stats = v.seen ? { seen: v.seen.seen, ioc: v.seen.ioc } : {};
  if (options.case) out.case = caseLinkV0(options.case);
  return out;
}

/** A case as v0 shows it inside links and similar artifacts: the case without its description. */
function caseLinkV0(row: CaseRow): Omit<CaseOutputV0, 'description'> {
  const { description: _d, ...rest } = caseV0(toCaseView(row));
  return rest;
}

export function linkedCaseV0(link: LinkedCase): LinkedCaseV0 {
  return {
    ...caseLinkV0(link.case),
    linkedWith: link.linkedWith.map((o) => observableV0(o)),
    linksCount: link.linksCount,
  };
}

/** TheHive 5's OutputCaseLink: the case, `linksCount` and the shared observables in `linkedWith`. */
export function linkedCaseV1(link: LinkedCase): LinkedCaseV1 {
  return {
    ...caseV1(toCaseView(link.case)),
    linksCount: link.linksCount,
    linkedWith: link.linkedWith.map(observableV1),
    ...(link.linkType !== undefined ? { linkType: link.linkType } : {}),
  };
}
