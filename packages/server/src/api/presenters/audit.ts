/**
 * Audit rows on the wire: TheHive 5's OutputAudit (v1) and TheHive 3's audit (v0, with its names
 * for operations and object types).
 */

import { type AuditOutputV0, type AuditOutputV1, formatId } from '@propolis/core';
import type { Selectable } from 'kysely';
import type { AuditTable } from '../../db/schema.js';

export type AuditRow = Selectable<AuditTable>;

const V0_TYPES: Record<string, string> = {
  Task: 'case_task',
  Log: 'case_task_log',
  Observable: 'case_artifact',
  CaseTemplate: 'caseTemplate',
  Job: 'case_artifact_job',
  Action: 'action',
};
const V0_OPERATIONS: Record<string, string> = {
  create: 'Creation',
  update: 'Update',
  delete: 'Delete',
  merge: 'Update',
};

const details = (a: AuditRow): AuditOutputV1['details'] => {
  try {
    return JSON.parse(a.details) as AuditOutputV1['details'];
  } catch {
    return {};
  }
};

export const auditV1 = (a: AuditRow): AuditOutputV1 => ({
  _id: formatId(a.id),
  _type: 'Audit',
  _createdBy: a.user_login,
  _createdAt: a.created_at,
  action: a.action,
  requestId: a.request_id,
  rootId: a.root_id,
  objectId: a.object_id,
  objectType: a.object_type,
  mainAction: a.main_action === 1,
  details: details(a),
  // a change made through a share: the organisation that acted (docs/sharing.md)
  extraData:
    a.acting_organisation_id != null ? { actingOrganisationId: formatId(a.acting_organisation_id) } : {},
});

export const auditV0 = (a: AuditRow): AuditOutputV0 => ({
  _id: formatId(a.id),
  id: formatId(a.id),
  _type: 'audit',
  operation: V0_OPERATIONS[a.action] ?? a.action,
  objectType: V0_TYPES[a.object_type] ?? a.object_type.toLowerCase(),
  objectId: a.object_id,
  rootId: a.root_id,
  requestId: a.request_id,
  base: a.main_action === 1,
  details: details(a),
  startDate: a.created_at,
  createdAt: a.created_at,
  createdBy: a.user_login,
  user: a.user_login,
});
