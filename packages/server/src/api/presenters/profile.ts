/**
 * Profiles on the wire: TheHive 5's OutputProfile (with TheHive 4's isAdmin).
 */
import { formatId, isAdminProfile, type ProfileOutputV1 } from '@propolis/core';
import { type ProfileRow, profilePermissions } from '../../db/repositories/profiles.js';
import { auditedRow, metaV1 } from './meta.js';

function body(p: ProfileRow) {
  const permissions = profilePermissions(p);
  const admin = isAdminProfile(permissions) || p.name === 'admin';
  return {
    name: p.name,
    permissions,
    editable: !(p.name === 'admin' || p.name === 'org-admin'),
    isAdmin: admin,
    forAdmin: admin,
    forOrg: !admin,
    consumesLicense: false,
  };
}

export const profileV1 = (p: ProfileRow): ProfileOutputV1 => ({
  ...metaV1(formatId(p.id), 'Profile', auditedRow(p)),
  ...body(p),
  extraData: {},
});
