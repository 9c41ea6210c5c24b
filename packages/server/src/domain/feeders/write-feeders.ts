/**
 * Defining feeders through the API (platform administrators): create, change, enable or disable,
 * delete. Each write is one transaction with its audit row (secrets masked). Feeders from the
 * configuration file may only be enabled or disabled here: the file is rewritten over them at start.
 * Running nodes notice the change at their next reconciliation (a few seconds).
 */
import { badRequest, conflict, notFound } from '@propolis/core';
import { publicDefinition, storedDefinition } from '@propolis/feeder';
import {
  deleteFeederRow,
  findFeederRow,
  insertFeederRow,
  setFeederEnabled,
  updateFeederDefinition,
} from '../../db/repositories/feeders.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkDefinitionInput } from './check-definition.js';
import { definitionOf, type FeederView, toFeederView } from './feeder-view.js';
import { FEEDER_PERMISSION } from './read-feeders.js';

export async function createFeeder(deps: Deps, ctx: RequestContext, body: unknown): Promise<FeederView> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const def = await checkDefinitionInput(deps, body);
  if (await findFeederRow(deps.db, def.name)) throw conflict(`Feeder ${def.name} already exists`);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await insertFeederRow(trx, {
      name: def.name,
      kind: def.kind,
      definition: JSON.stringify(storedDefinition(def)),
      origin: 'api',
      now,
    });
    await appendAudit(trx, ctx, [
      { action: 'create', objectType: 'Feeder', objectId: def.name, details: publicDefinition(def) },
    ]);
  });
  return toFeederView((await findFeederRow(deps.db, def.name))!);
}

/** `enabled` alone switches the feeder; other fields replace those of the definition. */
export async function updateFeeder(
  deps: Deps,
  ctx: RequestContext,
  name: string,
  patch: Record<string, unknown>,
): Promise<FeederView> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const row = await findFeederRow(deps.db, name);
  if (!row) throw notFound(`Feeder ${name} not found`);
  const { enabled, ...rest } = patch;
  if (enabled !== undefined && typeof enabled !== 'boolean')
    throw badRequest('enabled: must be true or false');
  if ('name' in rest && rest.name !== name)
    throw badRequest('name: a feeder cannot be renamed; create another');
  const changesDefinition = Object.keys(rest).some((k) => k !== 'name');
  if (changesDefinition && row.origin === 'config')
    throw badRequest(
      `Feeder ${name} is defined in the configuration file: change it there (only "enabled" can be set here)`,
    );
  const current = definitionOf(row);
  const next = changesDefinition
    ? await checkDefinitionInput(deps, { ...storedDefinition(current), ...rest, name })
    : undefined;
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    if (next)
      await updateFeederDefinition(trx, name, {
        kind: next.kind,
        definition: JSON.stringify(storedDefinition(next)),
        origin: row.origin,
        resetCursor: next.kind !== current.kind,
        now,
      });
    if (enabled !== undefined) await setFeederEnabled(trx, name, enabled, now);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Feeder',
        objectId: name,
        details: { ...(next ? publicDefinition(next) : {}), ...(enabled !== undefined ? { enabled } : {}) },
      },
    ]);
  });
  return toFeederView((await findFeederRow(deps.db, name))!);
}

export async function deleteFeeder(deps: Deps, ctx: RequestContext, name: string): Promise<void> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const row = await findFeederRow(deps.db, name);
  if (!row) throw notFound(`Feeder ${name} not found`);
  if (row.origin === 'config')
    throw badRequest(`Feeder ${name} is defined in the configuration file: remove it there`);
  await inTransaction(deps, async (trx) => {
    await deleteFeederRow(trx, name);
    await appendAudit(trx, ctx, [{ action: 'delete', objectType: 'Feeder', objectId: name }]);
  });
}
