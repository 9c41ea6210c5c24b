/**
 * Case fields as commands take them (v1 names, TheHive 5 model: status with a derived stage,
 * TLP 0–4), and their validation. The v0 face maps its own names and scales before calling.
 */
import {
  badRequest,
  CASE_STATUSES,
  type CaseStatus,
  caseStageOf,
  IMPACT_STATUSES,
  isCaseStatus,
} from '@propolis/core';
import type { TaskInput } from '../tasks/task-input.js';

export { CASE_STATUSES, type CaseStatus, IMPACT_STATUSES };
export const stageOf = (status: string) => caseStageOf(status as CaseStatus);

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
}

export interface CaseUpdate extends Omit<CaseInput, 'caseTemplate' | 'tasks'> {
  addTags?: string[];
  removeTags?: string[];
}

export function checkRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw badRequest(`${field}: must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

export function checkStatus(status: string): CaseStatus {
  if (!isCaseStatus(status)) {
    throw badRequest(`status: "${status}" is not a case status; allowed: ${CASE_STATUSES.join(', ')}`);
  }
  return status;
}

export function checkImpact(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!(IMPACT_STATUSES as readonly string[]).includes(value)) {
    throw badRequest(`impactStatus: "${value}" is not allowed; allowed: ${IMPACT_STATUSES.join(', ')}`);
  }
  return value;
}

export function checkTags(tags: readonly string[], field = 'tags'): string[] {
  if (tags.length > 500) throw badRequest(`${field}: at most 500 tags`);
  const out: string[] = [];
  for (const [i, t] of tags.entries()) {
    if (typeof t !== 'string') throw badRequest(`${field}[${i}]: must be a string`);
    const tag = t.trim();
    if (!tag) continue;
    if (tag.length > 255) throw badRequest(`${field}[${i}]: must be at most 255 characters`);
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

export function checkText(value: string | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text) throw badRequest(`${field}: is required and must not be empty`);
  if (text.length > max) throw badRequest(`${field}: must be at most ${max} characters`);
  return text;
}
