/**
 * Restricting a case to named users (`POST /case/{id}/access`, `/case/_bulk/access`, TheHive 5):
 * `{"access": {"kind": "restricted", "users": [logins]}}` hides the case, its tasks, logs,
 * observables, files and events from everyone else, in its organisation and in those it is shared
 * with; `{"kind": "public"}` lifts the restriction. The caller is always kept on the list. The named
 * users must belong to the owner or to an organisation the case is shared with. manageCase, by the
 * owner.
 */

import { badRequest, type CaseAccess, formatId, notFound } from '@propolis/core';
import { authChanged } from '../../auth/key-cache.js';
import type { CaseRow } from '../../db/repositories/cases.js';
import { setRestriction, sharesOfCase } from '../../db/repositories/shares.js';
import { findUser, membershipsOf } from '../../db/repositories/users.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

async function allowedUsers(
  deps: Deps,
  ctx: RequestContext,
  kase: CaseRow,
  logins: string[],
): Promise<number[]> {
  const orgs = new Set([
    kase.organisation_id,
    ...(await sharesOfCase(deps.db, scopeOf(ctx), kase.id)).map((s) => s.organisation_id),
  ]);
  const ids = new Set<number>([ctx.actor.userId]);
  const users = [];
  for (const login of logins) {
    const user = await findUser(deps.db, { organisationId: 0, platformAdmin: true }, login);
    if (!user) throw notFound(`User ${login} not found`);
    users.push(user);
  }
  const memberships = await membershipsOf(
    deps.db,
    users.map((u) => u.id),
  );
  for (const user of users) {
    if (!(memberships.get(user.id) ?? []).some((m) => orgs.has(m.organisationId)))
      throw badRequest(
        `User ${user.login} belongs to no organisation that sees case #${kase.number}: only its members and those of the organisations it is shared with can be named`,
      );
    ids.add(user.id);
  }
  return [...ids];
}

export async function setCaseAccess(
  deps: Deps,
  ctx: RequestContext,
  caseIds: string[],
  access: CaseAccess,
): Promise<void> {
  requirePermission(ctx, 'manageCaseAccess/restrict');
  const plans: Array<{ kase: CaseRow; users: number[] | undefined }> = [];
  for (const id of caseIds) {
    const kase = await visibleCase(deps.db, ctx, id);
    plans.push({
      kase,
      users: access.kind === 'restricted' ? await allowedUsers(deps, ctx, kase, access.users) : undefined,
    });
  }
  await inTransaction(deps, async (trx) => {
    for (const p of plans) {
      await setRestriction(trx, p.kase.id, p.kase.organisation_id, p.users);
      // whether any case is restricted is part of a cached API-key actor (auth/key-cache.ts)
      authChanged();
      await appendAudit(trx, ctx, [
        {
          action: 'update',
          objectType: 'Case',
          objectId: formatId(p.kase.id),
          details: {
            access: access.kind === 'restricted' ? { kind: 'restricted', users: access.users } : access,
          },
        },
      ]);
    }
  });
}
