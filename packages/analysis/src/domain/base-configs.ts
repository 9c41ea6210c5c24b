/**
 * An organisation's base configurations (Cortex's `/api/analyzerconfig` and `/api/responderconfig`):
 * read and changed by its administrators (Cortex's orgadmin: permission manageConfig). Enabling a
 * worker fills the items left out from them (see enableWorker).
 */
import { notFound } from '@propolis/core';
import { appendAudit, inTransaction, type RequestContext } from '@propolis/server/extension';
import { baseConfigsOf, saveBaseConfig } from '../db/base-configs.js';
import { analysisDb } from '../db/schema.js';
import {
  type BaseConfigGroup,
  baseConfigGroups,
  checkBaseConfig,
  keepSecrets,
  maskSecrets,
} from '../definitions/base-config.js';
import type { WorkerDefinition, WorkerType } from '../definitions/definition.js';
import type { Analysis } from './analysis.js';
import { requireOrgAdmin } from './roles.js';

export interface BaseConfigView {
  group: BaseConfigGroup;
  /** Stored values, secrets masked. */
  config: Record<string, unknown>;
}

const parse = (text: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
};

const groupsOf = (a: Analysis, type: WorkerType) =>
  baseConfigGroups(a.catalog.list(type), type, a.config.cacheMinutes);

export async function listBaseConfigs(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
): Promise<BaseConfigView[]> {
  requireOrgAdmin(ctx);
  const rows = await baseConfigsOf(analysisDb(a.deps.db), ctx.actor.organisationId, type);
  const stored = new Map(rows.map((r) => [r.name, parse(r.config)]));
  return groupsOf(a, type).map((group) => ({
    group,
    config: maskSecrets(group.items, stored.get(group.name) ?? {}),
  }));
}

function groupNamed(a: Analysis, type: WorkerType, name: string): BaseConfigGroup {
  const group = groupsOf(a, type).find((g) => g.name === name);
  if (!group)
    throw notFound(
      `Base configuration ${name} not found: it is global, tlp, pap or the baseConfig of a ${type} definition`,
    );
  return group;
}

export async function getBaseConfig(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
  name: string,
): Promise<BaseConfigView> {
  requireOrgAdmin(ctx);
  const group = groupNamed(a, type, name);
  const [row] = await baseConfigsOf(analysisDb(a.deps.db), ctx.actor.organisationId, type, [name]);
  return { group, config: maskSecrets(group.items, row ? parse(row.config) : {}) };
}

/** Replaces the group's values with `config` (secrets sent masked keep their stored value). */
export async function updateBaseConfig(
  a: Analysis,
  ctx: RequestContext,
  type: WorkerType,
  name: string,
  config: Record<string, unknown>,
): Promise<BaseConfigView> {
  requireOrgAdmin(ctx);
  const group = groupNamed(a, type, name);
  const values = await inTransaction(a.deps, async (trx) => {
    const db = analysisDb(trx);
    const [row] = await baseConfigsOf(db, ctx.actor.organisationId, type, [name]);
    const checked = checkBaseConfig(group, keepSecrets(group.items, config, row ? parse(row.config) : {}));
    await saveBaseConfig(db, {
      organisation_id: ctx.actor.organisationId,
      type,
      name,
      config: JSON.stringify(checked),
      updated_at: Date.now(),
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: type === 'analyzer' ? 'AnalyzerConfig' : 'ResponderConfig',
        objectId: name,
        // the names of the items set, never their values (they may be secrets)
        details: { name, items: Object.keys(checked) },
      },
    ]);
    return checked;
  });
  return { group, config: maskSecrets(group.items, values) };
}

/** The organisation's base values for a definition's items: global, tlp, pap, then its baseConfig. */
export async function baseValuesFor(
  a: Analysis,
  organisationId: number,
  definition: WorkerDefinition,
): Promise<Record<string, unknown>> {
  const names = ['global', 'tlp', 'pap', ...(definition.baseConfig ? [definition.baseConfig] : [])];
  const rows = await baseConfigsOf(analysisDb(a.deps.db), organisationId, definition.type, names);
  const out: Record<string, unknown> = {};
  for (const name of names) Object.assign(out, parse(rows.find((r) => r.name === name)?.config ?? '{}'));
  return out;
}
