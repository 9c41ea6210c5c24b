/**
 * Users on the wire: TheHive 5's OutputUser for v1, TheHive 3/4's user for v0.
 */

import { formatId, type UserOutputV0, type UserOutputV1 } from '@propolis/core';
import type { RequestContext } from '../../domain/context.js';
import type { UserView } from '../../domain/users/user-view.js';
import { metaV0, metaV1 } from './meta.js';

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
    permissions: shown ? (JSON.parse(shown.permissions) as string[]) : [],
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

/** TheHive 3 roles derived from permissions, as TheHive 4's v0 layer does. */
function rolesOf(permissions: string[], profile: string): string[] {
  const roles = ['read'];
  if (permissions.some((p) => ['manageCase', 'manageTask', 'manageObservable'].includes(p)))
    roles.push('write');
  if (permissions.includes('manageAlert')) roles.push('alert');
  if (profile === 'admin' || profile === 'org-admin' || permissions.includes('manageUser'))
    roles.push('admin');
  return roles;
}

export function userV0(user: UserView, ctx: RequestContext): UserOutputV0 {
  const shown = shownMembership(user, ctx);
  const permissions = shown ? (JSON.parse(shown.permissions) as string[]) : [];
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
