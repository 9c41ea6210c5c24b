/**
 * Creates a user in an organisation with a profile (TheHive's InputUser).
 */
import { badRequest, conflict, formatId } from '@propolis/core';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { insertUser, loginTaken, putMembership } from '../../db/repositories/users.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { assignableOrganisation, assignableProfile, normaliseLogin } from './guards.js';
import { getUser } from './read-users.js';
import type { UserView } from './user-view.js';

export interface CreateUserInput {
  login: string;
  name: string;
  profile: string;
  organisation?: string;
  password?: string;
  email?: string;
  type?: 'Normal' | 'Service';
  avatar?: string;
}

/** The password policy's length rule (`auth.policy.password.minLength`, at least 8 by default). */
export function checkPassword(password: string, minLength = MIN_PASSWORD_LENGTH): void {
  if (password.length < minLength) throw badRequest(`password: must be at least ${minLength} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw badRequest(`password: must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function createUser(deps: Deps, ctx: RequestContext, input: CreateUserInput): Promise<UserView> {
  requirePermission(ctx, 'manageUser');
  const login = normaliseLogin(input.login);
  const name = input.name.trim();
  if (!name) throw badRequest('name: must not be empty');
  if (input.password !== undefined) checkPassword(input.password, deps.config.auth.policy.password.minLength);
  const org = await assignableOrganisation(deps.db, ctx, input.organisation ?? ctx.actor.organisationName);
  const profile = await assignableProfile(deps.db, ctx, input.profile, org.name);
  const passwordHash =
    input.password === undefined
      ? null
      : await hashPassword(input.password, deps.config.auth.passwordHashCost);

  const id = await inTransaction(deps, async (trx) => {
    if (await loginTaken(trx, login)) throw conflict(`User ${login} already exists`);
    const row = await insertUser(trx, {
      login,
      name,
      email: input.email ?? null,
      type: input.type ?? 'Normal',
      password_hash: passwordHash,
      api_key_hash: null,
      locked: 0,
      totp_secret: null,
      default_organisation_id: org.id,
      avatar: input.avatar ?? null,
      created_at: Date.now(),
      created_by: ctx.actor.login,
    });
    await putMembership(trx, row.id, org.id, profile.id);
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'User',
        objectId: formatId(row.id),
        details: { login, name, organisation: org.name, profile: profile.name },
      },
    ]);
    return row.id;
  });
  // The organisation is in the actor's scope, so the new user is visible to it.
  return getUser(deps, ctx, formatId(id));
}
