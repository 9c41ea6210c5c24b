/**
 * Updates a user: name, email, avatar, type and lock state, and (TheHive's InputUpdateUser) its profile
 * in an organisation and its default organisation. Users may update their own name, email and avatar.
 */
import { badRequest, forbidden, formatId } from '@propolis/core';
import type { Updateable } from 'kysely';
import { deleteUserSessions } from '../../db/repositories/sessions.js';
import { membershipsOf, putMembership, updateUser as updateUserRow } from '../../db/repositories/users.js';
import type { UserTable } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { assignableOrganisation, assignableProfile, manageableUser } from './guards.js';
import { getUser } from './read-users.js';
import type { UserView } from './user-view.js';

export interface UpdateUserInput {
  name?: string;
  email?: string | null;
  avatar?: string | null;
  locked?: boolean;
  type?: 'Normal' | 'Service';
  profile?: string;
  organisation?: string;
  defaultOrganisation?: string;
}

const SELF_FIELDS = new Set(['name', 'email', 'avatar']);

export async function updateUser(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const selfOnly = Object.keys(input).every((k) => SELF_FIELDS.has(k));
  const user = await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: selfOnly });
  if (input.locked === true && user.id === ctx.actor.userId)
    throw badRequest('locked: you cannot lock yourself');
  const set: Updateable<UserTable> = { updated_at: Date.now(), updated_by: ctx.actor.login };
  const details: Record<string, unknown> = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw badRequest('name: must not be empty');
    set.name = details.name = input.name.trim();
  }
  if (input.email !== undefined) set.email = details.email = input.email;
  if (input.avatar !== undefined) {
    set.avatar = input.avatar;
    details.avatar = input.avatar === null ? null : '<image>';
  }
  if (input.type !== undefined) set.type = details.type = input.type;
  if (input.locked !== undefined) {
    set.locked = input.locked ? 1 : 0;
    details.locked = input.locked;
  }
  const memberships = (await membershipsOf(deps.db, [user.id])).get(user.id) ?? [];
  let profileChange: { organisationId: number; profileId: number } | undefined;
  if (input.profile !== undefined) {
    const org = await assignableOrganisation(deps.db, ctx, input.organisation ?? ctx.actor.organisationName);
    if (!memberships.some((m) => m.organisationId === org.id)) {
      throw badRequest(`organisation: user ${user.login} is not a member of ${org.name}`);
    }
    const profile = await assignableProfile(deps.db, ctx, input.profile, org.name);
    if (
      user.id === ctx.actor.userId &&
      profile.name !== ctx.actor.profileName &&
      org.id === ctx.actor.organisationId
    ) {
      throw forbidden('profile: you cannot change your own profile');
    }
    profileChange = { organisationId: org.id, profileId: profile.id };
    details.profile = profile.name;
    details.organisation = org.name;
  }
  if (input.defaultOrganisation !== undefined) {
    const target = memberships.find(
      (m) =>
        m.organisation === input.defaultOrganisation ||
        formatId(m.organisationId) === input.defaultOrganisation,
    );
    if (!target)
      throw badRequest(
        `defaultOrganisation: user ${user.login} is not a member of ${input.defaultOrganisation}`,
      );
    set.default_organisation_id = target.organisationId;
    details.defaultOrganisation = target.organisation;
  }
  await inTransaction(deps, async (trx) => {
    await updateUserRow(trx, scopeOf(ctx), user.id, set);
    if (profileChange)
      await putMembership(trx, user.id, profileChange.organisationId, profileChange.profileId);
    if (input.locked === true) await deleteUserSessions(trx, user.id);
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'User', objectId: formatId(user.id), details },
    ]);
  });
  return getUser(deps, ctx, formatId(user.id));
}
