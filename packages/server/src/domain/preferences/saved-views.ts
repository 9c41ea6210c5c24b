/**
 * Saved list views (docs/ui.md): a named set of filters, sort and columns of the alert or case list.
 * Each is private to its owner or shared with the organisation. Anyone signed in keeps their own
 * views; a shared view is changed or deleted by its owner, or by a member with manageConfig (the
 * organisation's administrator), who may also tidy views others shared.
 */
import {
  badRequest,
  forbidden,
  formatId,
  SAVED_VIEW_ENTITIES,
  type SavedViewBody,
  type SavedViewUpdateBody,
} from '@propolis/core';
import {
  countOwnSavedViews,
  deleteSavedView as deleteRow,
  findSavedView,
  insertSavedView,
  listSavedViews as listRows,
  type SavedViewRow,
  updateSavedView as updateRow,
} from '../../db/repositories/saved-views.js';
import { appendAudit } from '../../events/audit.js';
import { auditedWrite } from '../audited-write.js';
import { createdNow, hasPermission, type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkOwnedStatus, updateOwned, visibleOwned } from '../owned-objects.js';

/** How many views one user keeps in one organisation. */
export const MAX_VIEWS_PER_USER = 200;
/** The size of a view's filters as JSON text. */
export const MAX_FILTERS_BYTES = 64_000;

export interface SavedView {
  row: SavedViewRow;
  filters: Record<string, unknown>;
  sort: string[];
  columns: string[];
  writable: boolean;
}

const writable = (ctx: RequestContext, row: SavedViewRow) =>
  row.owner === ctx.actor.login || (row.status === 'Shared' && hasPermission(ctx, 'manageConfig'));

const present = (ctx: RequestContext, row: SavedViewRow): SavedView => ({
  row,
  filters: JSON.parse(row.filters) as Record<string, unknown>,
  sort: JSON.parse(row.sort) as string[],
  columns: JSON.parse(row.columns) as string[],
  writable: writable(ctx, row),
});

function checkEntity(entity: string | undefined): string | undefined {
  if (entity === undefined) return undefined;
  if (!(SAVED_VIEW_ENTITIES as readonly string[]).includes(entity))
    throw badRequest(`entity: "${entity}" is not one of ${SAVED_VIEW_ENTITIES.join(', ')}`);
  return entity;
}

function checkName(name: string | undefined): string {
  const n = name?.trim();
  if (!n) throw badRequest('name: is required and must not be blank');
  return n;
}

function checkFilters(filters: Record<string, unknown>): string {
  const text = JSON.stringify(filters);
  if (text.length > MAX_FILTERS_BYTES)
    throw badRequest(`filters: at most ${MAX_FILTERS_BYTES} characters of JSON; keep fewer values`);
  return text;
}

function checkSort(sort: string[]): string {
  for (const key of sort)
    if (!/^[+-][A-Za-z_][\w.]*$/.test(key)) throw badRequest(`sort: "${key}" is not "+field" or "-field"`);
  return JSON.stringify(sort);
}

const visible = (deps: Pick<Deps, 'db'>, ctx: RequestContext, id: string) =>
  visibleOwned('View', id, (n) => findSavedView(deps.db, scopeOf(ctx), ctx.actor.login, n));

async function writableOne(deps: Pick<Deps, 'db'>, ctx: RequestContext, id: string): Promise<SavedViewRow> {
  const row = await visible(deps, ctx, id);
  if (!writable(ctx, row))
    throw forbidden(
      `View ${id} belongs to ${row.owner}: only its owner or a user with permission manageConfig changes it; save a copy under your own name instead`,
    );
  return row;
}

export async function listSavedViews(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  entity?: string,
): Promise<SavedView[]> {
  const rows = await listRows(deps.db, scopeOf(ctx), ctx.actor.login, checkEntity(entity));
  return rows.map((r) => present(ctx, r));
}

export async function getSavedView(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<SavedView> {
  return present(ctx, await visible(deps, ctx, id));
}

export async function createSavedView(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: SavedViewBody,
): Promise<SavedView> {
  const values = {
    organisation_id: ctx.actor.organisationId,
    owner: ctx.actor.login,
    entity: checkEntity(input.entity) ?? 'alert',
    name: checkName(input.name),
    status: checkOwnedStatus(input.status) ?? 'Private',
    filters: checkFilters(input.filters ?? {}),
    sort: checkSort(input.sort ?? []),
    columns: JSON.stringify(input.columns ?? []),
    ...createdNow(ctx),
  };
  const row = await inTransaction(deps, async (trx) => {
    if ((await countOwnSavedViews(trx, scopeOf(ctx), ctx.actor.login)) >= MAX_VIEWS_PER_USER)
      throw badRequest(`You already keep ${MAX_VIEWS_PER_USER} views: delete one before saving another`);
    const r = await insertSavedView(trx, values);
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'SavedView',
        objectId: formatId(r.id),
        details: { name: r.name, entity: r.entity, status: r.status },
      },
    ]);
    return r;
  });
  return present(ctx, row);
}

export async function updateSavedView(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  input: SavedViewUpdateBody,
): Promise<SavedView> {
  const row = await writableOne(deps, ctx, id);
  const set: Record<string, string> = {};
  if (input.name !== undefined) set.name = checkName(input.name);
  if (input.status !== undefined) set.status = checkOwnedStatus(input.status) as string;
  if (input.filters !== undefined) set.filters = checkFilters(input.filters);
  if (input.sort !== undefined) set.sort = checkSort(input.sort);
  if (input.columns !== undefined) set.columns = JSON.stringify(input.columns);
  const details = Object.fromEntries(
    Object.keys(set).map((k) => [k, k === 'name' || k === 'status' ? set[k] : '<changed>']),
  );
  const stamps = await updateOwned(deps, ctx, {
    what: 'View',
    id,
    row,
    objectType: 'SavedView',
    set,
    details,
    update: updateRow,
  });
  return present(ctx, { ...row, ...set, ...stamps });
}

export async function deleteSavedView(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  const row = await writableOne(deps, ctx, id);
  await auditedWrite(deps, ctx, (trx) => deleteRow(trx, scopeOf(ctx), row.id), {
    action: 'delete',
    objectType: 'SavedView',
    id: row.id,
    details: { name: row.name },
  });
}
