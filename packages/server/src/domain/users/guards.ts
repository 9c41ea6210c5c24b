/**
 * Who may manage whom. Managing users takes manageUser in the acting organisation; only the admin
 * organisation manages users across organisations; nobody outside it touches a platform
 * administrator; administration profiles are given only in the admin organisation.
 */
import { badRequest, forbidden, isAdminProfile, notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findOrganisation } from '../../db/repositories/organisations.js';
import { findProfile, type ProfileRow, profilePermissions } from '../../db/repositories/profiles.js';
import { findUser, membershipsOf, type UserRow } from '../../db/repositories/users.js';
import type { Database } from '../../db/schema.js';
import { ADMIN_ORGANISATION, type RequestContext, requirePermission, scopeOf } from '../context.js';

export async function visibleUser(
  db: Kysely<Database>,
  ctx: RequestContext,
  idOrLogin: string,
): Promise<UserRow> {
  const user = await findUser(db, scopeOf(ctx), idOrLogin);
  if (!user) throw notFound(`User ${idOrLogin} not found`);
  return user;
}

/** The target user, when the actor may manage it; the actor may always manage itself where `self` allows. */
export async function manageableUser(
  db: Kysely<Database>,
  ctx: RequestContext,
  idOrLogin: string,
  options: { allowSelf?: boolean } = {},
): Promise<UserRow> {
  const user = await visibleUser(db, ctx, idOrLogin);
  if (options.allowSelf && user.id === ctx.actor.userId) return user;
  requirePermission(ctx, 'manageUser');
  if (!scopeOf(ctx).platformAdmin) {
    const memberships = (await membershipsOf(db, [user.id])).get(user.id) ?? [];
    if (memberships.some((m) => m.organisation === ADMIN_ORGANISATION)) {
      throw forbidden(
        `User ${user.login} is a platform administrator and can only be managed from the admin organisation`,
      );
    }
  }
  return user;
}

/** Resolves an organisation the actor may assign users to. */
export async function assignableOrganisation(db: Kysely<Database>, ctx: RequestContext, idOrName: string) {
  const org = await findOrganisation(db, scopeOf(ctx), idOrName);
  if (!org) throw notFound(`Organisation ${idOrName} not found`);
  return org;
}

/** Resolves a profile that may be given in the organisation. */
export async function assignableProfile(
  db: Kysely<Database>,
  ctx: RequestContext,
  name: string,
  organisationName: string,
): Promise<ProfileRow> {
  const profile = await findProfile(db, name);
  if (!profile) throw badRequest(`Profile "${name}" does not exist`);
  const admin = isAdminProfile(profilePermissions(profile));
  if (admin && organisationName !== ADMIN_ORGANISATION) {
    throw badRequest(
      `Profile "${name}" is an administration profile and can only be given in the admin organisation`,
    );
  }
  if (admin && !scopeOf(ctx).platformAdmin)
    throw forbidden(`Only the admin organisation can give profile "${name}"`);
  return profile;
}

const LOGIN = /^[^\s\p{Cc}"'<>\\/]{1,255}$/u;

export function normaliseLogin(login: string): string {
  const value = login.trim().toLowerCase();
  if (!LOGIN.test(value)) {
    throw badRequest(
      `Invalid login "${login}": 1 to 255 characters, without spaces, quotes, slashes or angle brackets`,
    );
  }
  return value;
}
