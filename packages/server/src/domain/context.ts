/**
 * Who is acting, in which organisation, with which permissions: built by authentication,
 * passed to every command. Commands check permissions on it; repositories scope by it.
 */
import { type CheckedPermission, forbidden } from '@propolis/core';
import type { Actor } from '../auth/actor.js';
import type { Scope } from '../db/scope.js';

export const ADMIN_ORGANISATION = 'admin';
export const SYSTEM_LOGIN = 'system@thehive.local';

export interface RequestContext {
  requestId: string;
  actor: Actor;
}

/**
 * The scope of writes (and of reads that lead to writes): the organisation's own rows, minus the
 * cases restricted to users other than the caller.
 */
export const scopeOf = (ctx: RequestContext): Scope => ({
  organisationId: ctx.actor.organisationId,
  platformAdmin: ctx.actor.organisationName === ADMIN_ORGANISATION,
  restrictedFor: ctx.actor.visibility?.restrictions ? ctx.actor.userId : undefined,
  ...(ctx.actor.throughShare && {
    throughShare: {
      caseId: ctx.actor.throughShare.caseId,
      organisationId: ctx.actor.throughShare.organisationId,
    },
  }),
});

/** The scope of reads: also what other organisations shared with this one (docs/sharing.md). */
export const readScopeOf = (ctx: RequestContext): Scope => ({
  ...scopeOf(ctx),
  shared: ctx.actor.visibility?.shared ?? false,
});

/**
 * Refuses unless the actor's profile grants `permission`. The actor's set holds the profile's names and
 * the names they imply (effectivePermissions), so a TheHive 4 profile (`manageCase`) and a TheHive 5
 * one (`manageCase/create`, ...) both pass the fine-grained check.
 */
export function requirePermission(ctx: RequestContext, permission: CheckedPermission): void {
  if (!ctx.actor.permissions.has(permission)) {
    throw forbidden(
      `User ${ctx.actor.login} is not allowed to do this in organisation ${ctx.actor.organisationName}: permission ${permission} is required (profile ${ctx.actor.profileName})`,
    );
  }
}

/** The caller's scope, once it holds `permission` (a 403 otherwise). */
export function permittedScope(ctx: RequestContext, permission: CheckedPermission): Scope {
  requirePermission(ctx, permission);
  return scopeOf(ctx);
}

export const hasPermission = (ctx: RequestContext, permission: CheckedPermission) =>
  ctx.actor.permissions.has(permission);

/** The audit columns of a row the acting user creates (now, or at `at`). */
export const createdNow = (ctx: RequestContext, at = Date.now()) => ({
  created_at: at,
  created_by: ctx.actor.login,
  updated_at: null,
  updated_by: null,
});
