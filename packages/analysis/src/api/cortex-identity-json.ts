/**
 * Propolis users and organisations in Cortex's shapes: a user's id is its login and its roles come
 * from its profile in the organisation shown; an organization's id is its name.
 */
import type { UserView } from '@propolis/server/extension';
import { rolesOfMembership } from '../domain/roles.js';
import { cortexStamps } from './cortex-stamps.js';

export function userJson(v: UserView, organisation: string) {
  const membership = v.memberships.find((m) => m.organisation === organisation) ?? v.memberships[0];
  let permissions: string[] = [];
  try {
    permissions = membership ? (JSON.parse(membership.permissions) as string[]) : [];
  } catch {
    permissions = [];
  }
  return {
    id: v.login,
    _id: v.login,
    login: v.login,
    name: v.name,
    organization: membership?.organisation ?? organisation,
    roles: membership ? rolesOfMembership(membership.organisation, permissions) : [],
    status: v.locked ? 'Locked' : 'Ok',
    hasKey: v.hasKey,
    hasPassword: v.hasPassword,
    ...cortexStamps(v.createdAt, v.createdBy, v.updatedAt, v.updatedBy),
  };
}

export const orgJson = (o: {
  name: string;
  description: string;
  created_at: number;
  created_by: string;
}) => ({
  id: o.name,
  _id: o.name,
  name: o.name,
  description: o.description,
  status: 'Active',
  createdAt: o.created_at,
  createdBy: o.created_by,
});
