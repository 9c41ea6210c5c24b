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

type CopyRows = (
  trx: Transaction<Database>,
  scope: Scope,
  alertId: number,
  caseId: number,
) => Promise<number[]>;

/** Copies an alert's rows of one kind to the case with `copy`, an audit row each; answers how many. */
const copyToCase =
  (objectType: string, copy: CopyRows) =>
  async (
    trx: Transaction<Database>,
    scope: Scope,
    alertId: number,
    caseId: number,
    audit: AuditEntry[],
  ): Promise<number> => {
    const ids = await copy(trx, scope, alertId, caseId);
    for (const id of ids)
      audit.push({
        action: 'create',
        objectType,
        objectId: formatId(id),
        rootId: formatId(caseId),
        details: { fromAlert: formatId(alertId) },
      });
    return ids.length;
  };

export const copyAlertProcedures = copyToCase('Procedure', copyAlertProceduresToCase);
export const copyAlertComments = copyToCase('Comment', copyAlertCommentsToCase);
