/**
 * Enabling, configuring and disabling analyzers and responders in the caller's organisation, and
 * reading them. One worker per definition per organisation; its id is Cortex's
 * md5("<organisation>_<name>_<type>").
 */
import { createHash } from 'node:crypto';
import { badRequest, conflict, notFound } from '@propolis/core';
import { appendAudit, createdNow, inTransaction, type RequestContext } from '@propolis/server/extension';
import { analysisDb } from '../db/schema.js';
import {
  deleteWorker,
  findWorker,
  findWorkerByName,
  insertWorker,
  updateWorker,
  type WorkerRow,
  workersOf,
} from '../db/workers.js';
import { keepSecrets } from '../definitions/base-config.js';
import { checkConfiguration, globalItems } from '../definitions/configuration.js';
import type { WorkerDefinition, WorkerType } from '../definitions/definition.js';
import type { Analysis } from './analysis.js';
import { baseValuesFor } from './base-configs.js';
import { requireOrgAdmin } from './roles.js';

export const RATE_UNITS: Record<string, number> = {
  Second: 1,
  Minute: 60,
  Hour: 3600,
  Day: 86400,
  Month: 2592000,
};

export const workerIdOf = (organisation: string, name: string, type: WorkerType) =>
  createHash('md5').update(`${organisation}_${name}_${type}`).digest('hex');

export interface WorkerView {
  row: WorkerRow;
  /** Undefined when the definition is gone from the folders (the worker is obsolete). */
  definition?: WorkerDefinition;
}

export interface WorkerSettings {
  configuration?: Record<string, unknown>;
  rate?: number | null;
  rateUnit?: string | null;
  jobCache?: number | null;
  jobTimeout?: number | null;
  /** Run on every new observable of an accepted data type (analyzers). */
  autoRun?: boolean;
}

function checkSettings(s: WorkerSettings): void {
  if (s.rateUnit !== undefined && s.rateUnit !== null && !(s.rateUnit in RATE_UNITS))
    throw badRequest(`rateUnit: must be one of ${Object.keys(RATE_UNITS).join(', ')}`);
  for (const key of ['rate', 'jobCache', 'jobTimeout'] as const) {
    const v = s[key];
    if (v !== undefined && v !== null && !(Number.isInteger(v) && v >= 0))
      throw badRequest(`${key}: must be a whole number of at least 0`);
  }
}

const view = (a: Analysis, row: WorkerRow): WorkerView => ({
  row,
  definition: a.catalog.get(row.type as WorkerType, row.definition_id),
});

export async function listWorkers(a: Analysis, ctx: RequestContext, type: WorkerType): Promise<WorkerView[]> {
  const rows = await workersOf(analysisDb(a.deps.db), ctx.actor.organisationId, type);
  return rows.map((r) => view(a, r));
}

export async function getWorker(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
  id: string,
): Promise<WorkerView> {
  const db = analysisDb(a.deps.db);
  const row =
    (await findWorker(db, ctx.actor.organisationId, id)) ??
    (await findWorkerByName(db, ctx.actor.organisationId, type, id));
  if (!row || row.type !== type)
    throw notFound(`${type === 'analyzer' ? 'Analyzer' : 'Responder'} ${id} not found`);
  return view(a, row);
}

export async function enableWorker(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
  definitionId: string,
  settings: WorkerSettings,
): Promise<WorkerView> {
  requireOrgAdmin(ctx);
  const definition = a.catalog.get(type, definitionId);
  if (!definition)
    throw notFound(`${type === 'analyzer' ? 'Analyzer' : 'Responder'} definition ${definitionId} not found`);
  checkSettings(settings);
  if (settings.autoRun && type !== 'analyzer')
    throw badRequest('autoRun: only analyzers run on new observables');
  // items left out take the organisation's base configuration (global, tlp, pap, the definition's group)
  const known = new Set(
    [...definition.configurationItems, ...globalItems(type, a.config.cacheMinutes)].map((i) => i.name),
  );
  const base = Object.fromEntries(
    Object.entries(await baseValuesFor(a, ctx.actor.organisationId, definition)).filter(([k]) =>
      known.has(k),
    ),
  );
  const given = settings.configuration ?? {};
  const configuration = checkConfiguration(
    definition,
    {
      ...base,
      ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined && v !== null)),
    },
    a.config.cacheMinutes,
  );
  const id = workerIdOf(ctx.actor.organisationName, definition.id, type);
  const now = Date.now();
  const row = await inTransaction(a.deps, async (trx) => {
    const db = analysisDb(trx);
    if (await findWorker(db, ctx.actor.organisationId, id))
      throw conflict(`${definition.id} is already enabled in ${ctx.actor.organisationName}`);
    const created = await insertWorker(db, {
      id,
      organisation_id: ctx.actor.organisationId,
      type,
      name: definition.id,
      definition_id: definition.id,
      configuration: JSON.stringify(configuration),
      rate: settings.rate ?? null,
      rate_unit: settings.rateUnit ?? null,
      job_cache: settings.jobCache ?? null,
      job_timeout: settings.jobTimeout ?? null,
      auto_run: settings.autoRun && type === 'analyzer' ? 1 : 0,
      ...createdNow(ctx, now),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: type === 'analyzer' ? 'Analyzer' : 'Responder',
        objectId: id,
        details: { name: definition.id },
      },
    ]);
    return created;
  });
  return { row, definition };
}

export async function updateWorkerSettings(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
  id: string,
  settings: WorkerSettings,
): Promise<WorkerView> {
  requireOrgAdmin(ctx);
  const current = await getWorker(a, ctx, type, id);
  checkSettings(settings);
  const changes: Record<string, unknown> = { updated_at: Date.now(), updated_by: ctx.actor.login };
  if (settings.configuration !== undefined) {
    if (!current.definition)
      throw badRequest(`${current.row.name} is obsolete: its definition is gone, it cannot be reconfigured`);
    const stored = JSON.parse(current.row.configuration) as Record<string, unknown>;
    changes.configuration = JSON.stringify(
      checkConfiguration(
        current.definition,
        keepSecrets(current.definition.configurationItems, settings.configuration, stored),
        a.config.cacheMinutes,
      ),
    );
  }
  if (settings.rate !== undefined) changes.rate = settings.rate;
  if (settings.rateUnit !== undefined) changes.rate_unit = settings.rateUnit;
  if (settings.jobCache !== undefined) changes.job_cache = settings.jobCache;
  if (settings.jobTimeout !== undefined) changes.job_timeout = settings.jobTimeout;
  if (settings.autoRun !== undefined) {
    if (settings.autoRun && type !== 'analyzer')
      throw badRequest('autoRun: only analyzers run on new observables');
    changes.auto_run = settings.autoRun ? 1 : 0;
  }
  const row = await inTransaction(a.deps, async (trx) => {
    const updated = await updateWorker(analysisDb(trx), ctx.actor.organisationId, current.row.id, changes);
    if (!updated) throw notFound(`${id} not found`);
    const { configuration: _secret, ...details } = settings;
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: type === 'analyzer' ? 'Analyzer' : 'Responder',
        objectId: current.row.id,
        details: { ...details, ...(settings.configuration ? { configuration: '<changed>' } : {}) },
      },
    ]);
    return updated;
  });
  return view(a, row);
}

export async function disableWorker(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
  id: string,
): Promise<void> {
  requireOrgAdmin(ctx);
  const current = await getWorker(a, ctx, type, id);
  await inTransaction(a.deps, async (trx) => {
    await deleteWorker(analysisDb(trx), ctx.actor.organisationId, current.row.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: type === 'analyzer' ? 'Analyzer' : 'Responder',
        objectId: current.row.id,
        details: { name: current.row.name },
      },
    ]);
  });
}
