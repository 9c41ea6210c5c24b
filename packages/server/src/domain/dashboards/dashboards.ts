/**
 * Dashboards (TheHive, docs/dashboards.md): title, description, group, status `Private` (its owner
 * only) or `Shared` (every member of the organisation reads it), owner, and the definition TheHive's
 * UI draws (period and widgets, §5.2 of TheHive's reference), kept as the JSON object it was given.
 * Writing needs manageDashboard and a dashboard one may write: one's own, or a shared one.
 */
import { badRequest } from '@propolis/core';
import { membershipFor, userByLogin } from '../../db/repositories/credentials.js';
import {
  type DashboardRow,
  deleteDashboard as deleteRow,
  findDashboard,
  insertDashboard,
  listDashboards as listRows,
  updateDashboard as updateRow,
} from '../../db/repositories/dashboards.js';
import type { DashboardTable } from '../../db/sharing-schema.js';
import { auditedWrite } from '../audited-write.js';
import { createdNow, hasPermission, type RequestContext, requirePermission, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type FieldRules, fieldChanges } from '../field-changes.js';
import { checkOwnedStatus, ownedObjects } from '../owned-objects.js';

export const MAX_DEFINITION_BYTES = 1_000_000;

export interface DashboardInput {
  title?: string;
  description?: string;
  group?: string | null;
  status?: string;
  definition?: unknown;
  version?: number;
}

export interface DashboardView {
  row: DashboardRow;
  definition: Record<string, unknown>;
  writable: boolean;
}

/** The definition as TheHive sends it: an object, or (TheHive 3/4, v0) its JSON text. */
export function checkDefinition(value: unknown): string {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw badRequest(
        'definition: not valid JSON; send the dashboard definition as an object or its JSON text',
      );
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw badRequest('definition: must be a JSON object ({"period": ..., "items": [...]})');
  const text = JSON.stringify(parsed);
  if (Buffer.byteLength(text) > MAX_DEFINITION_BYTES)
    throw badRequest(`definition: at most ${MAX_DEFINITION_BYTES} bytes`);
  return text;
}

function checkTitle(title: string | undefined): string {
  const t = title?.trim();
  if (!t) throw badRequest('title: is required and must not be empty');
  return t;
}

const writable = (ctx: RequestContext, row: DashboardRow) =>
  hasPermission(ctx, 'manageDashboard') && (row.owner === ctx.actor.login || row.status === 'Shared');

const view = (ctx: RequestContext, row: DashboardRow): DashboardView => ({
  row,
  definition: JSON.parse(row.definition) as Record<string, unknown>,
  writable: writable(ctx, row),
});

const DASHBOARDS = ownedObjects<DashboardRow>({
  what: 'Dashboard',
  objectType: 'Dashboard',
  find: findDashboard,
  update: updateRow,
  remove: deleteRow,
  permission: 'manageDashboard',
  refusal: (ctx, row, id) =>
    writable(ctx, row) ? undefined : `Dashboard ${id} is private to ${row.owner}: only its owner changes it`,
});

export async function getDashboard(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<DashboardView> {
  return view(ctx, await DASHBOARDS.visible(deps, ctx, id));
}

export async function listDashboards(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<DashboardView[]> {
  return (await listRows(deps.db, scopeOf(ctx), ctx.actor.login)).map((r) => view(ctx, r));
}

export async function createDashboard(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: DashboardInput,
): Promise<DashboardView> {
  requirePermission(ctx, 'manageDashboard');
  const now = Date.now();
  const values = {
    organisation_id: ctx.actor.organisationId,
    title: checkTitle(input.title),
    description: input.description ?? '',
    group_name: input.group ?? null,
    status: checkOwnedStatus(input.status) ?? 'Private',
    owner: ctx.actor.login,
    definition: checkDefinition(input.definition ?? { period: 'all', items: [] }),
    version: input.version ?? 0,
    ...createdNow(ctx, now),
  };
  const row = await auditedWrite(
    deps,
    ctx,
    (trx) => insertDashboard(trx, values),
    (r) => ({
      action: 'create',
      objectType: 'Dashboard',
      id: r.id,
      details: { title: r.title, status: r.status },
    }),
  );
  return view(ctx, row);
}

// audited under their column names, the definition only as changed
const DASHBOARD_FIELDS: FieldRules<DashboardInput, DashboardTable> = {
  title: { column: 'title', check: checkTitle },
  description: { column: 'description' },
  group: { column: 'group_name', auditName: 'group_name' },
  status: { column: 'status', check: checkOwnedStatus },
  definition: { column: 'definition', check: checkDefinition, audit: 'changed' },
  version: { column: 'version' },
};

export async function updateDashboard(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  input: DashboardInput,
): Promise<void> {
  const row = await DASHBOARDS.writable(deps, ctx, id);
  const { set, details } = fieldChanges(input, DASHBOARD_FIELDS);
  await DASHBOARDS.update(deps, ctx, { id, row, set, details });
}

export async function deleteDashboard(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await DASHBOARDS.remove(deps, ctx, id, (row) => ({ title: row.title }));
}

/** `POST /dashboard/{id}/owner`: hands the dashboard to another member of the organisation. */
export async function changeDashboardOwner(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  owner: string,
): Promise<void> {
  const row = await DASHBOARDS.writable(deps, ctx, id);
  const user = await userByLogin(deps.db, owner.toLowerCase());
  if (!user || !(await membershipFor(deps.db, user.id, ctx.actor.organisationId)))
    throw badRequest(`owner: ${owner} is not a member of organisation ${ctx.actor.organisationName}`);
  await auditedWrite(
    deps,
    ctx,
    (trx) =>
      updateRow(trx, scopeOf(ctx), row.id, {
        owner: user.login,
        updated_at: Date.now(),
        updated_by: ctx.actor.login,
      }),
    { action: 'update', objectType: 'Dashboard', id: row.id, details: { owner: user.login } },
  );
}
