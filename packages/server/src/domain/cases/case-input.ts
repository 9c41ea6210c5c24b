/**
 * Case fields as commands take them (v1 names, TheHive 5 model: status with a derived stage,
 * TLP 0–4), and their validation. The v0 face maps its own names and scales before calling.
 */
import { badRequest, CASE_STATUSES, type CaseStatus, IMPACT_STATUSES } from '@propolis/core';
import type { PageInput } from '../pages/page-input.js';
import type { TaskInput } from '../tasks/task-input.js';

export { CASE_STATUSES, type CaseStatus, IMPACT_STATUSES };

export interface CaseInput {
  title?: string;
  description?: string;
  severity?: number;
  startDate?: number;
  endDate?: number | null;
  tags?: string[];
  flag?: boolean;
  tlp?: number;
  pap?: number;
  status?: string;
  summary?: string | null;
  impactStatus?: string | null;
  assignee?: string | null;
  /** Any accepted custom-field form (v1 list, object, v0 map). */
  customFields?: unknown;
  caseTemplate?: string;
  tasks?: TaskInput[];
  /** TheHive 5 case pages (and the case template's page templates). */
  pages?: PageInput[];
}

export interface CaseUpdate extends Omit<CaseInput, 'caseTemplate' | 'tasks' | 'pages'> {
  addTags?: string[];
  removeTags?: string[];
}

export function checkImpact(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!(IMPACT_STATUSES as readonly string[]).includes(value)) {
    throw badRequest(`impactStatus: "${value}" is not allowed; allowed: ${IMPACT_STATUSES.join(', ')}`);
  }
  return value;
}
