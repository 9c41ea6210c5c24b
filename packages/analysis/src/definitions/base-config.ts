/**
 * Cortex's base configurations: groups of configuration items an organisation sets once for many
 * workers. `global` (proxies, CA certificates, timeout; for analyzers also artifact extraction and
 * cache), `tlp` and `pap` (the TLP/PAP checks) apply to every worker; every other group is a
 * definition's `baseConfig` (the flavours of one service share it, e.g. one API key), with the items
 * of the definitions in it. Secrets (items of type `password`) are shown masked; sending the mask
 * back keeps the stored value.
 */
import { badRequest } from '@propolis/core';
import { checkValue, globalItems } from './configuration.js';
import type { ConfigurationItem, WorkerDefinition, WorkerType } from './definition.js';

export interface BaseConfigGroup {
  name: string;
  /** Names of the definitions of the group (empty for global, tlp, pap). */
  workers: string[];
  items: ConfigurationItem[];
}

/** What a secret is shown as. */
export const SECRET_MASK = '********';

const TLP = ['check_tlp', 'max_tlp'];
const PAP = ['check_pap', 'max_pap'];

/** The groups of one worker type: global, tlp, pap, then the definitions' base configs by name. */
export function baseConfigGroups(
  definitions: WorkerDefinition[],
  type: WorkerType,
  cacheMinutes: number,
): BaseConfigGroup[] {
  const globals = globalItems(type, cacheMinutes);
  const groups = new Map<string, BaseConfigGroup>();
  for (const d of definitions) {
    if (!d.baseConfig || ['global', 'tlp', 'pap'].includes(d.baseConfig)) continue;
    const group = groups.get(d.baseConfig) ?? { name: d.baseConfig, workers: [], items: [] };
    if (!group.workers.includes(d.name)) group.workers.push(d.name);
    for (const item of d.configurationItems)
      if (!group.items.some((i) => i.name === item.name)) group.items.push(item);
    groups.set(d.baseConfig, group);
  }
  return [
    {
      name: 'global',
      workers: [],
      items: globals.filter((i) => !TLP.includes(i.name) && !PAP.includes(i.name)),
    },
    { name: 'tlp', workers: [], items: globals.filter((i) => TLP.includes(i.name)) },
    { name: 'pap', workers: [], items: globals.filter((i) => PAP.includes(i.name)) },
    ...[...groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
  ];
}

const isSecret = (item: ConfigurationItem | undefined) => item?.type === 'password';

/** The values as shown: secrets masked (an unset secret stays null). */
export function maskSecrets(
  items: ConfigurationItem[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      isSecret(items.find((i) => i.name === k)) && v !== null && v !== '' ? mask(v) : v,
    ]),
  );
}

const mask = (v: unknown) => (Array.isArray(v) ? v.map(() => SECRET_MASK) : SECRET_MASK);

/** Puts back the stored value of every secret sent as the mask (what a form sends back unchanged). */
export function keepSecrets(
  items: ConfigurationItem[],
  given: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...given };
  for (const [k, v] of Object.entries(given)) {
    if (!isSecret(items.find((i) => i.name === k))) continue;
    const masked =
      v === SECRET_MASK || (Array.isArray(v) && v.length > 0 && v.every((x) => x === SECRET_MASK));
    if (masked) out[k] = stored[k] ?? null;
  }
  return out;
}

/**
 * A group's values to store: only its items, of the right types; a null (or absent) item is unset.
 * Required items are not required here: a base configuration is a set of shared defaults.
 */
export function checkBaseConfig(
  group: BaseConfigGroup,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const item = group.items.find((i) => i.name === key);
    if (!item) {
      problems.push(
        `config.${key}: is not an item of the base configuration ${group.name} (its items: ${group.items.map((i) => i.name).join(', ') || 'none'})`,
      );
      continue;
    }
    if (value === null || value === undefined) continue;
    const problem = checkValue(item, value);
    if (problem) problems.push(`config.${key}: ${problem}`);
    else out[key] = value;
  }
  if (problems.length > 0) throw badRequest(problems.join('; '));
  return out;
}
