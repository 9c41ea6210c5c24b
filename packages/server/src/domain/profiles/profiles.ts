/**
 * Profiles: named sets of permissions, managed by the admin organisation (manageProfile).
 * The built-in admin and org-admin profiles cannot be changed.
 */
import {
  ALL_PERMISSIONS,
  badRequest,
  conflict,
  forbidden,
  formatId,
  isAdminProfile,
  isPermission,
  notFound,
} from '@propolis/core';
import type { Transaction } from 'kysely';
import {
  deleteProfile as deleteRow,
  findProfile,
  insertProfile,
  listProfiles as listRows,
  type ProfileRow,
  profileGivenOutside,
  profileInUse,
  updateProfile as updateRow,
} from '../../db/repositories/profiles.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { appendAudit } from '../../events/audit.js';
import { auditedDelete } from '../audited-write.js';
import { ADMIN_ORGANISATION, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

const LOCKED = new Set(['admin', 'org-admin']);

/** Profiles are platform-wide: they are managed with manageProfile, from the admin organisation only. */
function requireProfileManager(ctx: RequestContext): void {
  requirePermission(ctx, 'manageProfile');
  if (!scopeOf(ctx).platformAdmin) throw forbidden('Profiles are managed from the admin organisation');
}

function checkPermissions(permissions: string[]): string[] {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw badRequest(
      `permissions: unknown permission ${unknown.map((p) => `"${p}"`).join(', ')}; allowed: ${ALL_PERMISSIONS.join(', ')}`,
    );
  }
  return [...new Set(permissions)].sort();
}

function checkName(name: string): string {
  const value = name.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u.test(value))
    throw badRequest(`name: "${name}" is not a valid profile name`);
  return value;
}

export async function getProfile(deps: Deps, _ctx: RequestContext, idOrName: string): Promise<ProfileRow> {
  const profile = await findProfile(deps.db, idOrName);
  if (!profile) throw notFound(`Profile ${idOrName} not found`);
  return profile;
}

export const listProfiles = (deps: Deps, _ctx: RequestContext) => listRows(deps.db);

export async function createProfile(
  deps: Deps,
  ctx: RequestContext,
  input: { name: string; permissions?: string[] },
): Promise<ProfileRow> {
  requireProfileManager(ctx);
  const name = checkName(input.name);
  const permissions = checkPermissions(input.permissions ?? []);
  return inTransaction(deps, async (trx) => {
    if (await findProfile(trx, name)) throw conflict(`Profile ${name} already exists`);
    const row = await insertProfile(trx, { name, permissions, builtin: false, createdBy: ctx.actor.login });
    await appendAudit(trx, ctx, [
      { action: 'create', objectType: 'Profile', objectId: formatId(row.id), details: { name, permissions } },
    ]);
    return row;
  });
}

export async function updateProfile(
  deps: Deps,
  ctx: RequestContext,
  idOrName: string,
  input: { name?: string; permissions?: string[] },
): Promise<ProfileRow> {
  requireProfileManager(ctx);
  const profile = await getProfile(deps, ctx, idOrName);
  if (LOCKED.has(profile.name)) throw badRequest(`Profile ${profile.name} is built in and cannot be changed`);
  const name = input.name === undefined ? undefined : checkName(input.name);
  const permissions = input.permissions === undefined ? undefined : checkPermissions(input.permissions);
  await inTransaction(deps, async (trx) => {
    if (name !== undefined && name !== profile.name && (await findProfile(trx, name)))
      throw conflict(`Profile ${name} already exists`);
    // Administration permissions would reach every organisation where the profile is given.
    if (
      permissions !== undefined &&
      isAdminProfile(permissions) &&
      (await profileGivenOutside(trx, profile.id, ADMIN_ORGANISATION))
    ) {
      throw badRequest(
        `permissions: profile ${profile.name} is given outside the admin organisation and cannot carry administration permissions`,
      );
    }
    await updateRow(trx, profile.id, { name, permissions, updatedBy: ctx.actor.login });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Profile',
        objectId: formatId(profile.id),
        details: { name, permissions },
      },
    ]);
  });
  return getProfile(deps, ctx, formatId(profile.id));
}

export async function deleteProfile(deps: Deps, ctx: RequestContext, idOrName: string): Promise<void> {
  requireProfileManager(ctx);
  const profile = await getProfile(deps, ctx, idOrName);
  if (profile.builtin) throw badRequest(`Profile ${profile.name} is built in and cannot be deleted`);
  const remove = async (trx: Transaction<Database>, _scope: Scope, id: number) => {
    if (await profileInUse(trx, id))
      throw badRequest(`Profile ${profile.name} is given to users and cannot be deleted`);
    await deleteRow(trx, id);
  };
  await auditedDelete(deps, ctx, remove, {
    objectType: 'Profile',
    id: profile.id,
    details: { name: profile.name },
  });
}
