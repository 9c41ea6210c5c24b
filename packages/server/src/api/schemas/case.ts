/**
 * Case bodies as v1 and v0 clients send them, and their mapping onto the one internal model.
 */

import {
  type CaseBodyV0,
  type CaseBodyV1,
  type CaseStatus,
  caseStatusFromV0,
  caseStatusFromV1,
  orThrow,
  tlpFromV0,
} from '@propolis/core';
import type { Static } from 'typebox';
import type { CaseRow } from '../../db/repositories/cases.js';
import type { CaseInput, CaseUpdate } from '../../domain/cases/case-input.js';
import { taskFromV0 } from './task.js';

type Body = { status?: string; resolutionStatus?: string | null };

/**
 * Maps the body's status words onto the internal status with the core model's rules: v1 takes
 * TheHive 5 statuses and TheHive 4's Open/Resolved/Duplicated, v0 the latter only. Answers
 * undefined when the body does not change the status.
 */
function statusOf(body: Body, current: CaseRow | undefined, version: 'v0' | 'v1'): string | undefined {
  if (body.status === undefined && (body.resolutionStatus === undefined || body.resolutionStatus === null))
    return undefined;
  const from = version === 'v0' ? caseStatusFromV0 : caseStatusFromV1;
  const result = from(current?.status as CaseStatus | undefined, body);
  // a TheHive 5 status the model does not know may be one of the organisation's own: the
  // command resolves it (domain/statuses/statuses.ts)
  if (!result.ok && version === 'v1' && typeof body.status === 'string' && !body.resolutionStatus)
    return body.status.trim() === current?.status ? undefined : body.status.trim();
  const status = orThrow(result);
  return status === current?.status ? undefined : status;
}

const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function caseFromV1(body: Static<typeof CaseBodyV1>, current?: CaseRow): CaseInput & CaseUpdate {
  const { resolutionStatus: _r, status: _s, ...rest } = body;
  return clean({ ...rest, status: statusOf(body, current, 'v1') });
}

export function caseFromV0(body: Static<typeof CaseBodyV0>, current?: CaseRow): CaseInput & CaseUpdate {
  const {
    owner,
    template,
    caseTemplate,
    tasks,
    metrics: _m,
    resolutionStatus: _r,
    status: _s,
    tlp,
    ...rest
  } = body;
  return clean({
    ...rest,
    status: statusOf(body, current, 'v0'),
    tlp: tlp === undefined ? undefined : tlpFromV0(tlp, current?.tlp),
    assignee: owner,
    caseTemplate: template ?? caseTemplate ?? undefined,
    tasks: tasks?.map(taskFromV0),
  });
}
