/**
 * Changing the organisation that owns a case (`POST /case/{id}/owner`, TheHive 5): the case, its
 * tasks, logs, observables and files move to a linked organisation, which stops being a share; the
 * former owner keeps a share with `keepProfile` when given, else loses the case. The case takes
 * the next number of its new organisation. manageCase and manageShare, by the owner.
 */

import { formatId } from '@propolis/core';
import { authChanged } from '../../auth/key-cache.js';
import { findOrganisation } from '../../db/repositories/organisations.js';
import { nextSequence } from '../../db/repositories/sequences.js';
import { deleteShares, moveCase, shareOf } from '../../db/repositories/shares.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { applyShare, linkedOrganisation, shareProfile } from './share-case.js';
import { normaliseRule } from './sharing-profiles.js';

export interface OwnerChange {
  organisation: string;
  keepProfile?: string;
  taskRule?: string;
  observableRule?: string;
}

export async function changeCaseOwner(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  input: OwnerChange,
): Promise<void> {
  requirePermission(ctx, 'manageCase/changeOwnership');
  requirePermission(ctx, 'manageShare');
  const kase = await visibleCase(deps.db, ctx, caseId);
  const from = kase.organisation_id;
  const target = await linkedOrganisation(deps, from, input.organisation);
  const keep = input.keepProfile !== undefined ? await shareProfile(deps, input.keepProfile) : undefined;
  await inTransaction(deps, async (trx) => {
    const existing = await shareOf(trx, kase.id, target.id);
    if (existing) await deleteShares(trx, { organisationId: from, platformAdmin: false }, [existing.id]);
    const number = await nextSequence(trx, target.id, 'case');
    await moveCase(trx, kase.id, from, target.id, number);
    // shares received are part of a cached API-key actor (auth/key-cache.ts)
    authChanged();
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Case',
        objectId: formatId(kase.id),
        details: { owner: target.name, number },
      },
    ]);
    if (keep !== undefined) {
      const former = (await findOrganisation(
        trx,
        { organisationId: from, platformAdmin: false },
        formatId(from),
      ))!;
      await applyShare(
        trx,
        ctx,
        { ...kase, organisation_id: target.id, number },
        {
          organisation: former,
          profile: keep,
          taskRule: normaliseRule(input.taskRule, 'all'),
          observableRule: normaliseRule(input.observableRule, 'all'),
        },
      );
    }
  });
}
