/**
 * Removing users. A plain delete locks the account (TheHive keeps users for the audit trail);
 * a forced delete removes the user from one organisation, or entirely when it is in no other.
 */
import { badRequest, formatId } from '@propolis/core';
import { deleteUser as deleteUserRow, membershipsOf, removeMembership } from '../../db/repositories/users.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { assignableOrganisation, manageableUser } from './guards.js';
import { updateUser } from './update-user.js';

export async function lockUser(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<void> {
  await updateUser(deps, ctx, idOrLogin, { locked: true });
}

export async function forceDeleteUser(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  organisation?: string,
): Promise<void> {
  const user = await manageableUser(deps.db, ctx, idOrLogin);
  if (user.id === ctx.actor.userId) throw badRequest('You cannot delete yourself');
  const memberships = (await membershipsOf(deps.db, [user.id])).get(user.id) ?? [];
  const scope = scopeOf(ctx);
  await inTransaction(deps, async (trx) => {
    if (organisation !== undefined) {
      const org = await assignableOrganisation(trx, ctx, organisation);
      if (!memberships.some((m) => m.organisationId === org.id)) {
        throw badRequest(`organisation: user ${user.login} is not a member of ${org.name}`);
      }
      if (memberships.length > 1) {
        await removeMembership(trx, user.id, org.id);
        await appendAudit(trx, ctx, [
          {
            action: 'update',
            objectType: 'User',
            objectId: formatId(user.id),
            details: { removedFrom: org.name },
          },
        ]);
        return;
      }
    } else if (!scope.platformAdmin && memberships.length > 1) {
      // Outside the admin organisation, a forced delete only takes the user out of the acting organisation.
      await removeMembership(trx, user.id, scope.organisationId);
      await appendAudit(trx, ctx, [
        {
          action: 'update',
          objectType: 'User',
          objectId: formatId(user.id),
          details: { removedFrom: ctx.actor.organisationName },
        },
      ]);
      return;
    }
    await deleteUserRow(trx, scope, user.id);
    await appendAudit(trx, ctx, [
      { action: 'delete', objectType: 'User', objectId: formatId(user.id), details: { login: user.login } },
    ]);
  });
}
