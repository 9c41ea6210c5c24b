/**
 * An alert's procedures and comments go to the case it is imported into or merged with (TheHive 5),
 * in the import's transaction; a technique the case already records at the same date and tactic is
 * not recorded twice. The alert keeps its own, as it keeps its observables.
 */
import { formatId } from '@propolis/core';
import type { Transaction } from 'kysely';
import { copyAlertCommentsToCase } from '../../db/repositories/comments.js';
import { copyAlertProceduresToCase } from '../../db/repositories/procedures.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import type { AuditEntry } from '../../events/audit.js';

export async function copyAlertProcedures(
  trx: Transaction<Database>,
  scope: Scope,
  alertId: number,
  caseId: number,
  audit: AuditEntry[],
): Promise<number> {
  const ids = await copyAlertProceduresToCase(trx, scope, alertId, caseId);
  for (const id of ids)
    audit.push({
      action: 'create',
      objectType: 'Procedure',
      objectId: formatId(id),
      rootId: formatId(caseId),
      details: { fromAlert: formatId(alertId) },
    });
  return ids.length;
}

export async function copyAlertComments(
  trx: Transaction<Database>,
  scope: Scope,
  alertId: number,
  caseId: number,
  audit: AuditEntry[],
): Promise<number> {
  const ids = await copyAlertCommentsToCase(trx, scope, alertId, caseId);
  for (const id of ids)
    audit.push({
      action: 'create',
      objectType: 'Comment',
      objectId: formatId(id),
      rootId: formatId(caseId),
      details: { fromAlert: formatId(alertId) },
    });
  return ids.length;
}
