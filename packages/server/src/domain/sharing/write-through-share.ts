/**
 * Writes through a share (docs/sharing.md): the organisation a case is shared with changes it
 * within the share's profile. The caller acts as the owning organisation, with the permissions both
 * its own profile and the share's profile grant (case work only: shares, users, templates and the
 * platform stay with their owners), on a scope narrowed to the shared case and to the tasks and
 * observables shared with it (db/visibility.ts). Rows it creates belong to the owner; audit rows
 * name the acting organisation.
 */
import { effectivePermissions, parseId } from '@propolis/core';
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import { findCase } from '../../db/repositories/cases.js';
import { findObservable } from '../../db/repositories/observables.js';
import { findProfile, profilePermissions } from '../../db/repositories/profiles.js';
import { caseOfCaseItem, organisationNameOf, shareOf } from '../../db/repositories/shares.js';
import { findLog } from '../../db/repositories/task-logs.js';
import { findTask } from '../../db/repositories/tasks.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, readScopeOf } from '../context.js';

/** What a path names: the object a write route acts on. */
export type ShareTarget = 'case' | 'task' | 'log' | 'observable' | 'comment' | 'procedure' | 'customEvent';

/**
 * The permissions a share can lend: work on a case, nothing that administers (no manageCase/delete,
 * merge, changeOwnership or manageCaseAccess). A share's profile lends what its names grant, TheHive 4
 * names included (`manageCase` lends `manageCase/update`).
 */
export const SHARE_WRITE_PERMISSIONS: ReadonlySet<string> = new Set([
  'manageCase/update',
  'manageCase/reopen',
  'manageCustomEvent',
  'manageTask',
  'manageObservable',
  'manageComment',
  'managePage',
  'manageProcedure',
  'manageAction',
  'manageAnalyse',
]);

const ITEM_TABLES = { comment: 'comment', procedure: 'procedure', customEvent: 'custom_event' } as const;

async function caseIdOf(
  db: Kysely<Database>,
  ctx: RequestContext,
  target: ShareTarget,
  id: string,
): Promise<number | undefined> {
  const scope = readScopeOf(ctx);
  switch (target) {
    case 'case':
      return (await findCase(db, scope, id))?.id;
    case 'task':
      return (await findTask(db, scope, id))?.case_id;
    case 'log':
      return (await findLog(db, scope, id))?.case_id;
    case 'observable':
      return (await findObservable(db, scope, id))?.case_id ?? undefined;
    default: {
      const n = parseId(id);
      if (n === undefined) return undefined;
      const caseId = await caseOfCaseItem(db, ITEM_TABLES[target], n);
      if (caseId === null) return undefined;
      return (await findCase(db, scope, caseId))?.id;
    }
  }
}

/** Whether `target` `id` is seen by the caller only because another organisation shared its case. */
export async function seenThroughShare(
  db: Kysely<Database>,
  ctx: RequestContext,
  target: ShareTarget,
  id: string,
): Promise<boolean> {
  if (!ctx.actor.visibility?.shared) return false;
  const caseId = await caseIdOf(db, ctx, target, id);
  if (caseId === undefined) return false;
  const kase = await findCase(db, readScopeOf(ctx), caseId);
  return kase !== undefined && kase.organisation_id !== ctx.actor.organisationId;
}

/**
 * The actor a write on `target` `id` runs as: the caller itself when the object is its own, not
 * found, or seen through a share that lends no write permission (the command then answers 404 or
 * 403 as usual); otherwise the caller acting for the owner through the share.
 */
export async function actorThroughShare(
  db: Kysely<Database>,
  ctx: RequestContext,
  target: ShareTarget,
  id: string,
): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor.visibility?.shared || actor.throughShare) return actor;
  const caseId = await caseIdOf(db, ctx, target, id);
  if (caseId === undefined) return actor;
  const kase = await findCase(db, readScopeOf(ctx), caseId);
  if (!kase || kase.organisation_id === actor.organisationId) return actor;
  const share = await shareOf(db, caseId, actor.organisationId);
  if (!share) return actor;
  const profile = await findProfile(db, share.profile_name);
  const lent = new Set(effectivePermissions(profile ? profilePermissions(profile) : []));
  const permissions = new Set(
    [...actor.permissions].filter((p) => SHARE_WRITE_PERMISSIONS.has(p) && lent.has(p)),
  );
  if (permissions.size === 0) return actor;
  return {
    ...actor,
    organisationId: kase.organisation_id,
    organisationName: (await organisationNameOf(db, kase.organisation_id)) ?? actor.organisationName,
    profileName: `${actor.profileName} (through the ${share.profile_name} share)`,
    permissions,
    visibility: { shared: false, restrictions: actor.visibility.restrictions },
    throughShare: { organisationId: actor.organisationId, organisationName: actor.organisationName, caseId },
  };
}
