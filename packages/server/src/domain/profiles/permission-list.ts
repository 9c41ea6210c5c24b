/**
 * The permission names a profile may hold (`GET /api/v1/permission`), each with where it applies:
 * in an organisation's profiles, in the admin organisation's (administration) profiles, or both;
 * a TheHive 4 name also says which TheHive 5 names it implies.
 */
import {
  ADMIN_PERMISSIONS,
  ALL_PERMISSIONS,
  IMPLIED_PERMISSIONS,
  ORGANISATION_PERMISSIONS,
  type PermissionOutput,
} from '@propolis/core';
import type { RequestContext } from '../context.js';

export function permissionList(_ctx: RequestContext): PermissionOutput[] {
  const organisation = new Set<string>(ORGANISATION_PERMISSIONS);
  const admin = new Set<string>(ADMIN_PERMISSIONS);
  return ALL_PERMISSIONS.map((name) => {
    const implies = IMPLIED_PERMISSIONS[name];
    return {
      name,
      scope: [...(organisation.has(name) ? ['organisation'] : []), ...(admin.has(name) ? ['admin'] : [])],
      ...(implies && { implies: [...implies] }),
    };
  });
}
