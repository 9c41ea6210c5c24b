/**
 * An organisation's configuration of a worker, checked as Cortex checks it when the worker is
 * enabled: the definition's items, plus the items Cortex adds to every worker (proxies, CA
 * certificates, timeout, TLP/PAP checks; cache and artifact extraction for analyzers). Missing items
 * take their default (or null, or [] when multi); a missing required item without default and an
 * unknown item are refused. Then the job's `config`: the definition's `config` under the stored
 * configuration (null values do not override a definition's value) and `proxy: {http, https}`.
 */
import { badRequest } from '@propolis/core';
import type { ConfigurationItem, WorkerDefinition } from './definition.js';

const item = (
  name: string,
  type: ConfigurationItem['type'],
  description: string,
  defaultValue?: unknown,
): ConfigurationItem => ({
  name,
  type,
  description,
  multi: false,
  required: false,
  ...(defaultValue !== undefined ? { defaultValue } : {}),
});

export function globalItems(type: WorkerDefinition['type'], cacheMinutes: number): ConfigurationItem[] {
  const items = [
    item('proxy_http', 'string', 'HTTP proxy of the worker'),
    item('proxy_https', 'string', 'HTTPS proxy of the worker'),
    item('cacerts', 'text', 'CA certificates (PEM) trusted by the worker'),
    item('jobTimeout', 'number', 'Job timeout in minutes'),
    item('check_tlp', 'boolean', 'Refuse observables whose TLP is above max_tlp'),
    item('max_tlp', 'number', 'Highest TLP accepted'),
    item('check_pap', 'boolean', 'Refuse observables whose PAP is above max_pap'),
    item('max_pap', 'number', 'Highest PAP accepted'),
  ];
  if (type === 'analyzer') {
    items.push(item('auto_extract_artifacts', 'boolean', 'Extract artifacts from the report', false));
    items.push(item('jobCache', 'number', 'Cache window in minutes', cacheMinutes));
  }
  return items;
}

export function checkValue(item: ConfigurationItem, value: unknown): string | undefined {
  const one = (v: unknown) => {
    if (item.type === 'number') return typeof v === 'number' && Number.isFinite(v);
    if (item.type === 'boolean') return typeof v === 'boolean';
    return typeof v === 'string';
  };
  const kind = item.type === 'password' ? 'string' : item.type;
  if (item.multi) {
    if (!Array.isArray(value) || !value.every(one)) return `must be a list of ${kind} values`;
  } else if (!one(value)) return `must be a ${kind}`;
  return undefined;
}

/** The configuration to store, or a 400 naming every problem. */
export function checkConfiguration(
  definition: WorkerDefinition,
  input: Record<string, unknown>,
  cacheMinutes: number,
): Record<string, unknown> {
  const items = [...definition.configurationItems];
  for (const g of globalItems(definition.type, cacheMinutes))
    if (!items.some((i) => i.name === g.name)) items.push(g);
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input))
    if (!items.some((i) => i.name === key))
      problems.push(`configuration.${key}: is not an item of ${definition.id}`);
  for (const i of items) {
    const given = input[i.name];
    if (given === undefined || given === null) {
      if (i.defaultValue !== undefined) out[i.name] = i.defaultValue;
      else if (i.required) problems.push(`configuration.${i.name}: is required`);
      else out[i.name] = i.multi ? [] : null;
      continue;
    }
    const problem = checkValue(i, given);
    if (problem) problems.push(`configuration.${i.name}: ${problem}`);
    else out[i.name] = given;
  }
  if (problems.length > 0) throw badRequest(problems.join('; '));
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null && k in base) continue;
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** The `config` object of a job's input. */
export function jobConfig(definition: WorkerDefinition, configuration: Record<string, unknown>) {
  const config = deepMerge(definition.config, configuration);
  const proxy: Record<string, unknown> = {};
  if (typeof configuration.proxy_http === 'string' && configuration.proxy_http)
    proxy.http = configuration.proxy_http;
  if (typeof configuration.proxy_https === 'string' && configuration.proxy_https)
    proxy.https = configuration.proxy_https;
  return deepMerge(config, { proxy: { ...(isObject(config.proxy) ? config.proxy : {}), ...proxy } });
}
