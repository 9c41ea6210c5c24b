/**
 * Case templates on the wire: v1 `CaseTemplate` (TheHive 4/5) and v0 `caseTemplate` (TheHive 3/4:
 * `status: "Ok"`, `metrics: {}`, TLP on the 0–3 scale, custom fields as a map, task `owner`).
 */
import {
  type CaseTemplateOutputV0,
  type CaseTemplateOutputV1,
  formatId,
  papLabel,
  severityLabel,
  type TemplateTaskV0,
  type TemplateTaskV1,
  tlpLabel,
  tlpToV0,
} from '@propolis/core';
import type { CaseTemplateView } from '../../domain/case-templates/case-template-view.js';
import type { TemplateTask } from '../../domain/case-templates/template-input.js';
import { customFieldsV0, customFieldsV1 } from './custom-fields.js';
import { auditedRow, metaV0, metaV1, optional } from './meta.js';

function taskV1(t: TemplateTask): TemplateTaskV1 {
  const out: TemplateTaskV1 = {
    title: t.title,
    group: t.group,
    status: t.status,
    flag: t.flag,
    order: t.order,
    mandatory: t.mandatory,
  };
  optional(out, 'description', t.description);
  optional(out, 'dueDate', t.dueDate);
  optional(out, 'assignee', t.assignee);
  return out;
}

function taskV0(t: TemplateTask): TemplateTaskV0 {
  const out: TemplateTaskV0 = {
    title: t.title,
    group: t.group,
    description: t.description ?? '',
    status: t.status,
    flag: t.flag,
    order: t.order,
  };
  optional(out, 'dueDate', t.dueDate);
  optional(out, 'owner', t.assignee);
  return out;
}

/** The fields both faces show alike. */
function sharedFields(t: CaseTemplateView) {
  const out: { name: string; displayName: string; titlePrefix?: string; description?: string } = {
    name: t.name,
    displayName: t.displayName,
  };
  optional(out, 'titlePrefix', t.titlePrefix);
  optional(out, 'description', t.description);
  return out;
}

export function caseTemplateV1(t: CaseTemplateView): CaseTemplateOutputV1 {
  const out = {
    ...metaV1(formatId(t.id), 'CaseTemplate', auditedRow(t.row)),
    ...sharedFields(t),
  } as CaseTemplateOutputV1;
  if (t.severity !== null)
    Object.assign(out, { severity: t.severity, severityLabel: severityLabel(t.severity) });
  out.tags = t.tags;
  out.flag = t.flag;
  if (t.tlp !== null) Object.assign(out, { tlp: t.tlp, tlpLabel: tlpLabel(t.tlp) });
  if (t.pap !== null) Object.assign(out, { pap: t.pap, papLabel: papLabel(t.pap) });
  optional(out, 'summary', t.summary);
  out.customFields = customFieldsV1(t.customFields);
  out.tasks = t.tasks.map(taskV1);
  out.extraData = {};
  return out;
}

export function caseTemplateV0(t: CaseTemplateView): CaseTemplateOutputV0 {
  const out = {
    ...metaV0(formatId(t.id), 'caseTemplate', auditedRow(t.row)),
    ...sharedFields(t),
  } as CaseTemplateOutputV0;
  optional(out, 'severity', t.severity);
  out.tags = t.tags;
  out.flag = t.flag;
  if (t.tlp !== null) out.tlp = tlpToV0(t.tlp);
  optional(out, 'pap', t.pap);
  optional(out, 'summary', t.summary);
  out.status = 'Ok';
  out.metrics = {};
  out.customFields = customFieldsV0(t.customFields);
  out.tasks = t.tasks.map(taskV0);
  return out;
}
