/**
 * Users on the wire: TheHive 5's OutputUser for v1, TheHive 3/4's user for v0.
 */

import {
  effectivePermissions,
  formatId,
  grantsAnyOf,
  type UserOutputV0,
  type UserOutputV1,
} from '@propolis/core';
import type { RequestContext } from '../../domain/context.js';
import type { UserView } from '../../domain/users/user-view.js';
import { metaV0, metaV1 } from './meta.js';

/**
 * What the user may do there: the profile's names and those they imply (a TheHive 4 `manageCase`
 * also lists `manageCase/create`, ...), so that a client checks the TheHive 5 names only.
 */
const permissionsOf = (shown: { permissions: string } | undefined): string[] =>
  shown ? effectivePermissions(JSON.parse(shown.permissions) as string[]) : [];

/** The membership shown as "the" organisation and profile: the acting one, else the default, else the first. */
function shownMembership(user: UserView, ctx: RequestContext) {
  return (
    user.memberships.find((m) => m.organisationId === ctx.actor.organisationId) ??
    user.memberships.find((m) => m.organisationId === user.defaultOrganisationId) ??
    user.memberships[0]
  );
}

export function userV1(user: UserView, ctx: RequestContext): UserOutputV1 {
  const shown = shownMembership(user, ctx);
  const defaultOrg = user.memberships.find((m) => m.organisationId === user.defaultOrganisationId);
  const out: UserOutputV1 = {
    ...metaV1(formatId(user.id), 'User', user),
    login: user.login,
    name: user.name,
    hasKey: user.hasKey,
    hasPassword: user.hasPassword,
    hasMFA: user.hasMFA,
    locked: user.locked,
    profile: shown?.profile ?? '',
    permissions: permissionsOf(shown),
    organisation: shown?.organisation ?? '',
    organisations: user.memberships.map((m) => ({
      organisationId: formatId(m.organisationId),
      organisation: m.organisation,
      profile: m.profile,
    })),
    type: user.type,
    extraData: {},
  };
  if (user.email !== null) out.email = user.email;
  if (user.avatar !== null) out.avatar = user.avatar;
  if (defaultOrg) out.defaultOrganisation = defaultOrg.organisation;
  return out;
}

/** TheHive 3 roles derived from permissions, as TheHive 4's v0 layer does (split names count too). */
function rolesOf(permissions: string[], profile: string): string[] {
  const roles = ['read'];
  if (['manageCase', 'manageTask', 'manageObservable'].some((family) => grantsAnyOf(permissions, family)))
    roles.push('write');
  if (grantsAnyOf(permissions, 'manageAlert')) roles.push('alert');
  if (profile === 'admin' || profile === 'org-admin' || permissions.includes('manageUser'))
    roles.push('admin');
  return roles;
}

export function userV0(user: UserView, ctx: RequestContext): UserOutputV0 {
  const shown = shownMembership(user, ctx);
  const permissions = permissionsOf(shown);
  const out: UserOutputV0 = {
    ...metaV0(formatId(user.id), 'user', user),
    id: user.login,
    login: user.login,
    name: user.name,
    roles: rolesOf(permissions, shown?.profile ?? ''),
    organisation: shown?.organisation ?? '',
    profile: shown?.profile ?? '',
    permissions,
    hasKey: user.hasKey,
    hasPassword: user.hasPassword,
    hasMFA: user.hasMFA,
    status: user.locked ? 'Locked' : 'Ok',
    preferences: '{}',
  };
  if (user.avatar !== null) out.avatar = user.avatar;
  return out;
}
