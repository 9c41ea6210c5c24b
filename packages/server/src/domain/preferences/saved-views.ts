/**
 * Saved list views (docs/ui.md): a named set of filters, sort and columns of the alert or case list.
 * Each is private to its owner or shared with the organisation. Anyone signed in keeps their own
 * views; a shared view is changed or deleted by its owner, or by a member with manageConfig (the
 * organisation's administrator), who may also tidy views others shared.
 */
import {
  badRequest,
  SAVED_VIEW_ENTITIES,
  type SavedViewBody,
  type SavedViewUpdateBody,
} from '@propolis/core';
import type { Transaction } from 'kysely';
import type { SavedViewTable } from '../../db/preference-schema.js';
import {
  countOwnSavedViews,
  deleteSavedView as deleteRow,
  findSavedView,
  insertSavedView,
  listSavedViews as listRows,
  type SavedViewRow,
  updateSavedView as updateRow,
} from '../../db/repositories/saved-views.js';
import type { Database } from '../../db/schema.js';
import { auditedWrite } from '../audited-write.js';
import { createdNow, hasPermission, type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type FieldRules, fieldChanges } from '../field-changes.js';
import { checkOwnedStatus, ownedObjects } from '../owned-objects.js';

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

const VIEWS = ownedObjects<SavedViewRow>({
  what: 'View',
  objectType: 'SavedView',
  find: findSavedView,
  update: updateRow,
  remove: deleteRow,
  refusal: (ctx, row, id) =>
    writable(ctx, row)
      ? undefined
      : `View ${id} belongs to ${row.owner}: only its owner or a user with permission manageConfig changes it; save a copy under your own name instead`,
});

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
  return present(ctx, await VIEWS.visible(deps, ctx, id));
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
  const insert = async (trx: Transaction<Database>) => {
    if ((await countOwnSavedViews(trx, scopeOf(ctx), ctx.actor.login)) >= MAX_VIEWS_PER_USER)
      throw badRequest(`You already keep ${MAX_VIEWS_PER_USER} views: delete one before saving another`);
    return insertSavedView(trx, values);
  };
  const row = await auditedWrite(deps, ctx, insert, (r) => ({
    action: 'create',
    objectType: 'SavedView',
    id: r.id,
    details: { name: r.name, entity: r.entity, status: r.status },
  }));
  return present(ctx, row);
}

// the view's JSON parts audited only as changed
const VIEW_FIELDS: FieldRules<SavedViewUpdateBody, SavedViewTable> = {
  name: { column: 'name', check: checkName },
  status: { column: 'status', check: checkOwnedStatus },
  filters: { column: 'filters', check: checkFilters, audit: 'changed' },
  sort: { column: 'sort', check: checkSort, audit: 'changed' },
  columns: { column: 'columns', check: JSON.stringify, audit: 'changed' },
};

export async function updateSavedView(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  input: SavedViewUpdateBody,
): Promise<SavedView> {
  const row = await VIEWS.writable(deps, ctx, id);
  const { set, details } = fieldChanges(input, VIEW_FIELDS);
  const stamps = await VIEWS.update(deps, ctx, { id, row, set, details });
  return present(ctx, { ...row, ...set, ...stamps });
}

export async function deleteSavedView(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await VIEWS.remove(deps, ctx, id, (row) => ({ name: row.name }));
}
