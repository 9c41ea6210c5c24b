/**
 * Sets the organisations a user belongs to, with a profile in each (PUT /user/{id}/organisations).
 * Memberships in organisations outside the actor's scope are left untouched.
 */
import { badRequest, formatId } from '@propolis/core';
import { membershipsOf, putMembership, removeMembership, updateUser } from '../../db/repositories/users.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { assignableOrganisation, assignableProfile, manageableUser } from './guards.js';
import { getUser } from './read-users.js';
import type { UserView } from './user-view.js';

export interface UserOrganisationInput {
  organisation: string;
  profile: string;
  default?: boolean;
}

export async function setUserOrganisations(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  organisations: UserOrganisationInput[],
): Promise<UserView> {
  const user = await manageableUser(deps.db, ctx, idOrLogin);
  const scope = scopeOf(ctx);
  const wanted: Array<{
    organisationId: number;
    organisation: string;
    profileId: number;
    profile: string;
    default: boolean;
  }> = [];
  for (const [i, item] of organisations.entries()) {
    const org = await assignableOrganisation(deps.db, ctx, item.organisation);
    if (wanted.some((w) => w.organisationId === org.id)) {
      throw badRequest(`organisations[${i}].organisation: ${org.name} is listed twice`);
    }
    const profile = await assignableProfile(deps.db, ctx, item.profile, org.name);
    wanted.push({
      organisationId: org.id,
      organisation: org.name,
      profileId: profile.id,
      profile: profile.name,
      default: item.default === true,
    });
  }
  if (wanted.filter((w) => w.default).length > 1)
    throw badRequest('organisations: only one can be the default');
  const current = (await membershipsOf(deps.db, [user.id])).get(user.id) ?? [];
  const inScope = (orgId: number) => scope.platformAdmin || orgId === scope.organisationId;
  const removed = current.filter(
    (m) => inScope(m.organisationId) && !wanted.some((w) => w.organisationId === m.organisationId),
  );
  const remaining =
    current.length -
    removed.length +
    wanted.filter((w) => !current.some((c) => c.organisationId === w.organisationId)).length;
  if (remaining === 0) throw badRequest('organisations: a user must belong to at least one organisation');
  if (user.id === ctx.actor.userId && removed.some((m) => m.organisationId === ctx.actor.organisationId)) {
    throw badRequest('organisations: you cannot remove yourself from the organisation you are acting in');
  }
  const defaultOrg = wanted.find((w) => w.default);
  await inTransaction(deps, async (trx) => {
    for (const m of removed) await removeMembership(trx, user.id, m.organisationId);
    for (const w of wanted) await putMembership(trx, user.id, w.organisationId, w.profileId);
    const set: Parameters<typeof updateUser>[3] = { updated_at: Date.now(), updated_by: ctx.actor.login };
    if (defaultOrg) set.default_organisation_id = defaultOrg.organisationId;
    else if (removed.some((m) => m.organisationId === user.default_organisation_id)) {
      set.default_organisation_id =
        wanted[0]?.organisationId ?? current.find((c) => !removed.includes(c))?.organisationId ?? null;
    }
    await updateUser(trx, { organisationId: scope.organisationId, platformAdmin: true }, user.id, set);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'User',
        objectId: formatId(user.id),
        details: {
          organisations: wanted.map((w) => ({
            organisation: w.organisation,
            profile: w.profile,
            default: w.default,
          })),
        },
      },
    ]);
  });
  return getUser(deps, ctx, formatId(user.id));
}
