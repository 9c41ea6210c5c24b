/**
 * Cortex's roles (read, analyze, orgadmin, superadmin) derived from the caller's Propolis profile:
 * every member reads; `manageAnalyse` runs analyzers and `manageAction` responders (analyze);
 * `manageConfig` in an organisation administers its analyzers and responders (orgadmin); members of
 * the admin organisation are superadmins (they manage the platform, not an organisation's analyses).
 */
import { forbidden } from '@propolis/core';
import { ADMIN_ORGANISATION, type RequestContext } from '@propolis/server/extension';
import type { WorkerType } from '../definitions/definition.js';

export type CortexRole = 'read' | 'analyze' | 'orgadmin' | 'superadmin';

export function rolesOf(ctx: RequestContext): CortexRole[] {
  const p = ctx.actor.permissions;
  if (ctx.actor.organisationName === ADMIN_ORGANISATION) return ['read', 'superadmin'];
  const roles: CortexRole[] = ['read'];
  if (p.has('manageAnalyse') || p.has('manageAction')) roles.push('analyze');
  if (p.has('manageConfig')) roles.push('orgadmin');
  return roles;
}

export const isOrgAdmin = (ctx: RequestContext) => rolesOf(ctx).includes('orgadmin');

export function requireOrgAdmin(ctx: RequestContext): void {
  if (!isOrgAdmin(ctx))
    throw forbidden(
      `User ${ctx.actor.login} cannot administer analyzers and responders of ${ctx.actor.organisationName}: permission manageConfig is required`,
    );
}

/** Running an analyzer needs manageAnalyse; a responder, manageAction. */
export function requireRun(ctx: RequestContext, type: WorkerType): void {
  const permission = type === 'analyzer' ? 'manageAnalyse' : 'manageAction';
  if (!ctx.actor.permissions.has(permission))
    throw forbidden(
      `User ${ctx.actor.login} cannot run ${type}s in ${ctx.actor.organisationName}: permission ${permission} is required`,
    );
}

/** Definitions are shown to organisation administrators and superadmins. */
export function requireAnyAdmin(ctx: RequestContext): void {
  if (!rolesOf(ctx).includes('superadmin')) requireOrgAdmin(ctx);
}

/** The Cortex roles a profile's permissions give in an organisation (another user's, as listed). */
export function rolesOfMembership(organisation: string, permissions: readonly string[]): CortexRole[] {
  if (organisation === ADMIN_ORGANISATION) return ['read', 'superadmin'];
  const roles: CortexRole[] = ['read'];
  if (permissions.includes('manageAnalyse') || permissions.includes('manageAction')) roles.push('analyze');
  if (permissions.includes('manageConfig')) roles.push('orgadmin');
  return roles;
}
