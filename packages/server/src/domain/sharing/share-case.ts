/**
 * Sharing a case with linked organisations (manageShare, by the organisation that owns the case):
 * add or change shares, replace the set, remove shares; each share comes with the case's tasks and
 * observables its rules give. One transaction with its audit rows (object `Share`, root the case).
 */
import { badRequest, formatId, type InputShare, notFound, parseId } from '@propolis/core';
import type { Transaction } from 'kysely';
import { type CaseRow, findCase } from '../../db/repositories/cases.js';
import { observableIdsOfCases } from '../../db/repositories/observables.js';
import { findOrganisation, type OrganisationRow } from '../../db/repositories/organisations.js';
import { findProfile } from '../../db/repositories/profiles.js';
import {
  deleteShares,
  findShare,
  insertShare,
  linkBetween,
  type ShareRow,
  type ShareView,
  shareObservables,
  shareOf,
  sharesOfCase,
  shareTasks,
  updateShare,
} from '../../db/repositories/shares.js';
import { tasksOfCases } from '../../db/repositories/tasks.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { normaliseRule, SHARING_PROFILES, sharesExisting } from './sharing-profiles.js';

export interface ShareRequest {
  organisation: OrganisationRow;
  profile: string;
  taskRule: string;
  observableRule: string;
}

const anyScope = { organisationId: 0, platformAdmin: true };

/** The permission profile a share's `profile` names (a sharing profile or a permission profile). */
export async function shareProfile(deps: Pick<Deps, 'db'>, name: string): Promise<string> {
  const preset = SHARING_PROFILES.find((p) => p.name === name);
  const profileName = preset?.permissionProfile ?? name;
  const profile = await findProfile(deps.db, profileName);
  if (!profile || profile.name === 'admin')
    throw badRequest(
      `profile: "${name}" is not a sharing profile (${SHARING_PROFILES.map((p) => p.name).join(', ')}) nor an organisation profile`,
    );
  return profile.name;
}

/** Checks an organisation the case may be shared with: linked to the owner, not the owner. */
export async function linkedOrganisation(
  deps: Pick<Deps, 'db'>,
  owner: number,
  idOrName: string | undefined,
): Promise<OrganisationRow> {
  if (!idOrName) throw badRequest('organisation: the organisation to share with is required');
  const org = await findOrganisation(deps.db, anyScope, idOrName);
  if (!org) throw notFound(`Organisation ${idOrName} not found`);
  if (org.id === owner)
    throw badRequest(`Organisation ${org.name} owns the case: it cannot be shared with it`);
  if (!(await linkBetween(deps.db, owner, org.id)))
    throw badRequest(
      `Organisation ${org.name} is not linked to this organisation: an administrator links organisations first (PUT /api/v1/organisation/{id}/links)`,
    );
  return org;
}

export async function shareRequest(
  deps: Pick<Deps, 'db'>,
  owner: number,
  input: InputShare,
): Promise<ShareRequest> {
  const preset = SHARING_PROFILES.find((p) => p.name === (input.profile ?? 'analyst'));
  return {
    organisation: await linkedOrganisation(deps, owner, input.organisation ?? input.organisationName),
    profile: await shareProfile(deps, input.profile ?? 'analyst'),
    taskRule: normaliseRule(input.taskRule ?? input.tasks, preset?.taskRule ?? 'all'),
    observableRule: normaliseRule(input.observableRule ?? input.observables, preset?.observableRule ?? 'all'),
  };
}

/** Writes one share (new or changed) and gives it the tasks and observables its rules say. */
export async function applyShare(
  trx: Transaction<Database>,
  ctx: RequestContext,
  kase: CaseRow,
  r: ShareRequest,
): Promise<ShareRow> {
  const existing = await shareOf(trx, kase.id, r.organisation.id);
  let share: ShareRow;
  if (existing) {
    await updateShare(trx, { organisationId: kase.organisation_id, platformAdmin: false }, existing.id, {
      profile_name: r.profile,
      task_rule: r.taskRule,
      observable_rule: r.observableRule,
      updated_by: ctx.actor.login,
    });
    share = {
      ...existing,
      profile_name: r.profile,
      task_rule: r.taskRule,
      observable_rule: r.observableRule,
    };
  } else {
    share = await insertShare(trx, {
      case_id: kase.id,
      organisation_id: r.organisation.id,
      profile_name: r.profile,
      task_rule: r.taskRule,
      observable_rule: r.observableRule,
      created_at: Date.now(),
      created_by: ctx.actor.login,
    });
  }
  if (sharesExisting(r.taskRule)) {
    const tasks = await tasksOfCases(trx, scopeOf(ctx), [kase.id]);
    await shareTasks(
      trx,
      share,
      tasks.map((t) => t.id),
    );
  }
  if (sharesExisting(r.observableRule)) {
    await shareObservables(trx, share, await observableIdsOfCases(trx, scopeOf(ctx), [kase.id]));
  }
  await appendAudit(trx, ctx, [
    {
      action: existing ? 'update' : 'create',
      objectType: 'Share',
      objectId: formatId(share.id),
      rootId: formatId(kase.id),
      details: {
        organisation: r.organisation.name,
        organisationId: r.organisation.id,
        profile: r.profile,
        taskRule: r.taskRule,
        observableRule: r.observableRule,
      },
    },
  ]);
  return share;
}

/** `POST /case/{id}/shares`: adds or changes these shares. */
export async function shareCase(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  inputs: InputShare[],
  options: { replace?: boolean } = {},
): Promise<ShareView[]> {
  requirePermission(ctx, 'manageShare');
  const kase = await visibleCase(deps.db, ctx, caseId);
  const wanted = inputs.filter((i) => i.share !== false);
  const requests: ShareRequest[] = [];
  for (const input of wanted) requests.push(await shareRequest(deps, kase.organisation_id, input));
  const names = requests.map((r) => r.organisation.name);
  if (new Set(names).size !== names.length) throw badRequest('shares: an organisation is listed twice');
  const refused = inputs
    .filter((i) => i.share === false)
    .map((i) => i.organisation ?? i.organisationName ?? '');
  await inTransaction(deps, async (trx) => {
    const current = await sharesOfCase(trx, scopeOf(ctx), kase.id);
    const gone = current.filter(
      (s) =>
        refused.includes(s.organisation_name) ||
        (options.replace === true && !requests.some((r) => r.organisation.id === s.organisation_id)),
    );
    await removeShares(trx, ctx, kase, gone);
    for (const r of requests) await applyShare(trx, ctx, kase, r);
  });
  return sharesOfCase(deps.db, scopeOf(ctx), kase.id);
}

async function removeShares(
  trx: Transaction<Database>,
  ctx: RequestContext,
  kase: Pick<CaseRow, 'id' | 'organisation_id'>,
  shares: ShareView[],
): Promise<void> {
  if (shares.length === 0) return;
  await deleteShares(
    trx,
    { organisationId: kase.organisation_id, platformAdmin: false },
    shares.map((s) => s.id),
  );
  await appendAudit(
    trx,
    ctx,
    shares.map((s) => ({
      action: 'delete' as const,
      objectType: 'Share',
      objectId: formatId(s.id),
      rootId: formatId(kase.id),
      details: { organisation: s.organisation_name },
    })),
  );
}

/** `DELETE /case/{id}/shares` with `{organisations}`. */
export async function unshareCase(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  organisations: string[],
): Promise<void> {
  requirePermission(ctx, 'manageShare');
  const kase = await visibleCase(deps.db, ctx, caseId);
  const current = await sharesOfCase(deps.db, scopeOf(ctx), kase.id);
  const gone = organisations.map((o) => {
    const id = parseId(o);
    const s = current.find((c) => c.organisation_name === o || c.organisation_id === id);
    if (!s) throw notFound(`Case ${caseId} is not shared with organisation ${o}`);
    return s;
  });
  await inTransaction(deps, (trx) => removeShares(trx, ctx, kase, gone));
}

async function ownedShare(deps: Pick<Deps, 'db'>, ctx: RequestContext, shareId: string): Promise<ShareView> {
  const id = parseId(shareId);
  const share = id === undefined ? undefined : await findShare(deps.db, scopeOf(ctx), id);
  if (!share) throw notFound(`Share ${shareId} not found`);
  if (share.case_organisation_id !== ctx.actor.organisationId)
    throw badRequest(
      `Share ${shareId} was given to this organisation: only the organisation that owns the case changes it`,
    );
  return share;
}

/** `DELETE /case/share/{id}`. */
export async function removeShare(deps: Deps, ctx: RequestContext, shareId: string): Promise<void> {
  requirePermission(ctx, 'manageShare');
  const share = await ownedShare(deps, ctx, shareId);
  const kase = await visibleCase(deps.db, ctx, share.case_id);
  await inTransaction(deps, (trx) => removeShares(trx, ctx, kase, [share]));
}

/** `PATCH /case/share/{id}` with `{profile}`. */
export async function changeShareProfile(
  deps: Deps,
  ctx: RequestContext,
  shareId: string,
  profileName: string,
): Promise<void> {
  requirePermission(ctx, 'manageShare');
  const share = await ownedShare(deps, ctx, shareId);
  const kase = await visibleCase(deps.db, ctx, share.case_id);
  const profile = await shareProfile(deps, profileName);
  await inTransaction(deps, async (trx) => {
    await updateShare(trx, scopeOf(ctx), share.id, { profile_name: profile, updated_by: ctx.actor.login });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Share',
        objectId: formatId(share.id),
        rootId: formatId(kase.id),
        details: { profile },
      },
    ]);
  });
}

/** `GET /case/{id}/shares`: the owner sees every share; an organisation it is shared with, its own. */
/** (An unknown case answers `[]`: thehive4py 2.x lists an observable's shares with this route.) */
export async function listCaseShares(deps: Deps, ctx: RequestContext, caseId: string): Promise<ShareView[]> {
  const kase = await findCase(deps.db, readScopeOf(ctx), caseId);
  return kase ? sharesOfCase(deps.db, readScopeOf(ctx), kase.id) : [];
}
