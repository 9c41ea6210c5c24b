/**
 * The Propolis user of an identity a single sign-on provider vouched for: found by login, created at the
 * first sign-in when the provider allows it, and, when the provider maps groups, given exactly the
 * memberships its groups map to (name and e-mail follow the provider too). Each change is one
 * transaction with its audit rows.
 */
import { formatId, isAdminProfile, PropolisError, textProblem, unauthenticated } from '@propolis/core';
import type { ExternalIdentity } from '../../auth/sso/identity.js';
import { mappedMemberships } from '../../auth/sso/identity.js';
import type { ProviderCommon } from '../../auth/sso/sso-config.js';
import { userByLogin } from '../../db/repositories/credentials.js';
import { organisationByName } from '../../db/repositories/organisations.js';
import { findProfile, profilePermissions } from '../../db/repositories/profiles.js';
import {
  insertUser,
  membershipsOf,
  putMembership,
  removeMembership,
  type UserRow,
  updateUser,
} from '../../db/repositories/users.js';
import { appendAudit } from '../../events/audit.js';
import { ADMIN_ORGANISATION } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

interface Resolved {
  organisationId: number;
  organisation: string;
  profileId: number;
  profile: string;
}

/** A mapping naming an organisation or profile that does not exist is the operator's to fix: say which. */
async function resolve(
  deps: Deps,
  provider: ProviderCommon,
  wanted: Array<{ organisation: string; profile: string; group: string }>,
): Promise<Resolved[]> {
  const out: Resolved[] = [];
  for (const w of wanted) {
    const org = await organisationByName(deps.db, w.organisation);
    const profile = await findProfile(deps.db, w.profile);
    const where = `single sign-on provider ${provider.name} maps group "${w.group}"`;
    if (!org)
      throw new PropolisError(
        'AuthenticationError',
        `${where} to organisation ${w.organisation}, which does not exist: ask an administrator to fix the mapping`,
      );
    if (!profile)
      throw new PropolisError(
        'AuthenticationError',
        `${where} to profile ${w.profile}, which does not exist: ask an administrator to fix the mapping`,
      );
    if (isAdminProfile(profilePermissions(profile)) !== (org.name === ADMIN_ORGANISATION))
      throw new PropolisError(
        'AuthenticationError',
        `${where} to profile ${profile.name} in ${org.name}: administration profiles go only with the admin organisation`,
      );
    out.push({
      organisationId: org.id,
      organisation: org.name,
      profileId: profile.id,
      profile: profile.name,
    });
  }
  return out;
}

export async function externalUser(
  deps: Deps,
  provider: ProviderCommon,
  identity: ExternalIdentity,
  requestId: string,
): Promise<UserRow> {
  const login = identity.login.trim().toLowerCase();
  if (!login || login.length > 255 || textProblem(login))
    throw unauthenticated(
      `Single sign-on provider ${provider.name} gave no usable login (field "${provider.fields.login}")`,
    );
  const name = identity.name?.trim().slice(0, 255) || login;
  const email = identity.email?.trim().slice(0, 255) || null;
  const mapped = provider.organisations.length > 0;
  const wanted = await resolve(deps, provider, mappedMemberships(provider.organisations, identity.groups));
  if (mapped && wanted.length === 0)
    throw unauthenticated(
      `None of the groups of ${login} at ${provider.name} is mapped to a Propolis organisation: ask an administrator`,
    );
  const user = await userByLogin(deps.db, login);
  const author = { requestId, login, organisationId: wanted[0]?.organisationId ?? null };
  if (!user) {
    if (!provider.autoCreate)
      throw unauthenticated(
        `User ${login} does not exist in Propolis and provider ${provider.name} does not create users (autoCreate): ask an administrator`,
      );
    const first = wanted[0] as Resolved;
    return inTransaction(deps, async (trx) => {
      // a concurrent first sign-in may have created it: that one wins
      const raced = await userByLogin(trx, login);
      if (raced) return raced;
      const row = await insertUser(trx, {
        login,
        name,
        email,
        type: 'Normal',
        password_hash: null,
        api_key_hash: null,
        locked: 0,
        totp_secret: null,
        default_organisation_id: first.organisationId,
        avatar: null,
        created_at: Date.now(),
        created_by: `sso:${provider.name}`,
      });
      for (const w of wanted) await putMembership(trx, row.id, w.organisationId, w.profileId);
      await appendAudit(trx, author, [
        {
          action: 'create',
          objectType: 'User',
          objectId: formatId(row.id),
          details: {
            login,
            name,
            provider: provider.name,
            organisations: wanted.map((w) => ({ organisation: w.organisation, profile: w.profile })),
          },
        },
      ]);
      return row;
    });
  }
  if (!mapped) return user;
  const current = (await membershipsOf(deps.db, [user.id])).get(user.id) ?? [];
  const same =
    current.length === wanted.length &&
    wanted.every((w) =>
      current.some((c) => c.organisationId === w.organisationId && c.profileId === w.profileId),
    );
  if (same && user.name === name && user.email === email) return user;
  return inTransaction(deps, async (trx) => {
    for (const c of current)
      if (!wanted.some((w) => w.organisationId === c.organisationId))
        await removeMembership(trx, user.id, c.organisationId);
    for (const w of wanted) await putMembership(trx, user.id, w.organisationId, w.profileId);
    const keepDefault = wanted.some((w) => w.organisationId === user.default_organisation_id);
    const set = {
      name,
      email,
      default_organisation_id: keepDefault
        ? user.default_organisation_id
        : (wanted[0] as Resolved).organisationId,
      updated_at: Date.now(),
      updated_by: `sso:${provider.name}`,
    };
    await updateUser(trx, { organisationId: 0, platformAdmin: true }, user.id, set);
    await appendAudit(trx, author, [
      {
        action: 'update',
        objectType: 'User',
        objectId: formatId(user.id),
        details: {
          name,
          provider: provider.name,
          organisations: wanted.map((w) => ({ organisation: w.organisation, profile: w.profile })),
        },
      },
    ]);
    return { ...user, ...set };
  });
}
