/**
 * Case and alert statuses (TheHive 5 `/caseStatus`, `/alertStatus`): the built-in ones, which stay
 * as they are, and the organisation's own, each with a stage (what the status means: New,
 * InProgress or Closed), a colour, an order and a hidden flag. Managed with `manageConfig`
 * (org-admin); a status in use cannot be deleted. Case and alert commands resolve a status they
 * do not know as built-in here (`resolveStatus`).
 */
import {
  ALERT_STATUSES,
  alertStageOf,
  badRequest,
  CASE_STATUSES,
  caseStageOf,
  formatId,
  INT32_MAX,
  INT32_MIN,
  notFound,
  PropolisError,
} from '@propolis/core';
import type { Kysely } from 'kysely';
import {
  type CustomStatusRow,
  deleteCustomStatus,
  findCustomStatus,
  insertCustomStatus,
  listCustomStatuses,
  type StatusKind,
  statusInUse,
  updateCustomStatus,
} from '../../db/repositories/custom-statuses.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkRange } from '../input-rules.js';
import { checkColour } from '../taxonomies/machinetag.js';

export type { StatusKind };

export interface StatusView {
  id: string;
  kind: StatusKind;
  value: string;
  stage: string;
  colour: string;
  order: number;
  hidden: boolean;
  builtin: boolean;
  row?: CustomStatusRow;
}

const BUILTIN_COLOURS: Record<string, string> = { New: '#3b82f6', InProgress: '#f59e0b', Closed: '#10b981' };
/** Words that already mean something on the wire (v0 statuses) and cannot name a status. */
const RESERVED = ['open', 'resolved', 'updated', 'deleted'];
const STAGES: Record<StatusKind, readonly string[]> = {
  case: ['New', 'InProgress', 'Closed'],
  alert: ['New', 'InProgress', 'Closed'],
};
const VALUE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

function builtins(kind: StatusKind): StatusView[] {
  const values: readonly string[] = kind === 'case' ? CASE_STATUSES : ALERT_STATUSES;
  return values.map((value, i) => {
    const stage = kind === 'case' ? caseStageOf(value as never) : alertStageOf(value as never);
    return {
      id: value,
      kind,
      value,
      stage,
      colour: BUILTIN_COLOURS[stage] ?? '#6b7280',
      order: i,
      hidden: false,
      builtin: true,
    };
  });
}

const viewOf = (row: CustomStatusRow): StatusView => ({
  id: formatId(row.id),
  kind: row.kind as StatusKind,
  value: row.value,
  stage: row.stage,
  colour: row.colour,
  order: row.order,
  hidden: row.hidden === 1,
  builtin: false,
  row,
});

export async function listStatuses(deps: Deps, ctx: RequestContext, kind: StatusKind): Promise<StatusView[]> {
  return [...builtins(kind), ...(await listCustomStatuses(deps.db, scopeOf(ctx), kind)).map(viewOf)];
}

/**
 * A status a case or an alert is given, with its stage: a built-in one, or one of the
 * organisation's (matched case-insensitively); anything else is a 400 listing what is allowed.
 */
export async function resolveStatus(
  db: Kysely<Database>,
  scope: Scope,
  kind: StatusKind,
  value: string,
): Promise<{ status: string; stage: string; builtin: boolean }> {
  const wanted = value.trim().toLowerCase();
  const builtin = builtins(kind).find((s) => s.value.toLowerCase() === wanted);
  if (builtin) return { status: builtin.value, stage: builtin.stage, builtin: true };
  const custom = await listCustomStatuses(db, scope, kind);
  const own = custom.find((s) => s.value.toLowerCase() === wanted);
  if (own) return { status: own.value, stage: own.stage, builtin: false };
  const allowed = [...builtins(kind), ...custom.filter((s) => s.hidden === 0).map(viewOf)].map(
    (s) => s.value,
  );
  throw badRequest(`status: "${value}" is not a ${kind} status; allowed: ${allowed.join(', ')}`);
}

export interface StatusInput {
  value?: string;
  stage?: string;
  colour?: string;
  order?: number;
  hidden?: boolean;
}

const permission = 'manageConfig' as const;

export async function createStatus(
  deps: Deps,
  ctx: RequestContext,
  kind: StatusKind,
  input: StatusInput,
): Promise<StatusView> {
  requirePermission(ctx, permission);
  const value = (input.value ?? '').trim();
  if (!VALUE.test(value))
    throw badRequest('value: 1 to 32 letters, digits, "-" or "_", starting with a letter (e.g. "Escalated")');
  const lower = value.toLowerCase();
  if (RESERVED.includes(lower) || builtins(kind).some((s) => s.value.toLowerCase() === lower))
    throw badRequest(`value: "${value}" is a built-in or reserved ${kind} status`);
  if (!input.stage || !STAGES[kind].includes(input.stage))
    throw badRequest(`stage: must be one of ${STAGES[kind].join(', ')}`);
  const scope = scopeOf(ctx);
  const existing = await listCustomStatuses(deps.db, scope, kind);
  if (existing.some((s) => s.value.toLowerCase() === lower))
    throw new PropolisError('ConflictError', `The ${kind} status ${value} already exists`);
  const now = Date.now();
  const row = await inTransaction(deps, async (trx) => {
    const created = await insertCustomStatus(trx, {
      organisation_id: ctx.actor.organisationId,
      kind,
      value,
      stage: input.stage!,
      colour: input.colour === undefined ? '#6b7280' : checkColour(input.colour),
      order: checkRange(input.order ?? existing.length + 100, 'order', INT32_MIN, INT32_MAX),
      hidden: input.hidden ? 1 : 0,
      ...createdNow(ctx, now),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: kind === 'case' ? 'CaseStatus' : 'AlertStatus',
        objectId: formatId(created.id),
        details: { value, stage: input.stage },
      },
    ]);
    return created;
  });
  return viewOf(row);
}

async function ownStatus(
  deps: Deps,
  ctx: RequestContext,
  kind: StatusKind,
  id: string,
): Promise<CustomStatusRow> {
  const row = await findCustomStatus(deps.db, scopeOf(ctx), kind, id);
  if (row) return row;
  if (builtins(kind).some((s) => s.value === id))
    throw badRequest(`${id} is a built-in ${kind} status: it cannot change`);
  throw notFound(`${kind === 'case' ? 'Case' : 'Alert'} status ${id} not found`);
}

export async function updateStatus(
  deps: Deps,
  ctx: RequestContext,
  kind: StatusKind,
  id: string,
  input: StatusInput,
): Promise<void> {
  requirePermission(ctx, permission);
  const row = await ownStatus(deps, ctx, kind, id);
  if (
    (input.value !== undefined && input.value !== row.value) ||
    (input.stage !== undefined && input.stage !== row.stage)
  )
    throw badRequest(
      'value, stage: a status keeps its value and stage (cases and alerts carry them); create another one',
    );
  const set = {
    ...(input.colour !== undefined ? { colour: checkColour(input.colour) } : {}),
    ...(input.order !== undefined ? { order: checkRange(input.order, 'order', INT32_MIN, INT32_MAX) } : {}),
    ...(input.hidden !== undefined ? { hidden: input.hidden ? 1 : 0 } : {}),
  };
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateCustomStatus(trx, scopeOf(ctx), row.id, {
      ...set,
      updated_at: now,
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: kind === 'case' ? 'CaseStatus' : 'AlertStatus',
        objectId: formatId(row.id),
        details: { ...input },
      },
    ]);
  });
}

export async function removeStatus(
  deps: Deps,
  ctx: RequestContext,
  kind: StatusKind,
  id: string,
): Promise<void> {
  requirePermission(ctx, permission);
  const row = await ownStatus(deps, ctx, kind, id);
  await inTransaction(deps, async (trx) => {
    if (await statusInUse(trx, scopeOf(ctx), kind, row.value))
      throw badRequest(
        `The ${kind} status ${row.value} is in use: give those ${kind}s another status first, or hide it`,
      );
    await deleteCustomStatus(trx, scopeOf(ctx), row.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: kind === 'case' ? 'CaseStatus' : 'AlertStatus',
        objectId: formatId(row.id),
      },
    ]);
  });
}
