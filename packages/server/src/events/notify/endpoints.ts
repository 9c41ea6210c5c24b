/**
 * Webhook endpoints declared in the configuration file, with TheHive 4's keys
 * (`notification.webhook.endpoints`): name, url, version (0 or 1), auth (none, basic, bearer, key),
 * wsConfig (only its timeout is used), includedTheHiveOrganisations / excludedTheHiveOrganisations.
 * The administrator wrote them, so their URLs are trusted as written (loopback included); URLs given
 * through the API are checked instead (url-safety.ts).
 */

export type AuthType = 'none' | 'basic' | 'bearer' | 'key';

export interface WebhookAuth {
  type: AuthType;
  username?: string;
  password?: string;
  key?: string;
}

export interface WebhookEndpoint {
  name: string;
  url: string;
  version: 0 | 1;
  auth: WebhookAuth;
  /** Request timeout from wsConfig, in ms (else the notification timeout). */
  timeoutMs?: number;
  includedTheHiveOrganisations: string[];
  excludedTheHiveOrganisations: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
};

/** A duration as TheHive's configuration writes it ("10 seconds", "1 minute", "500ms") or milliseconds. */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number' && value > 0) return value;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = m ? UNITS[(m[2] || 'ms').toLowerCase()] : undefined;
  if (!m || unit === undefined || !(Number(m[1]) > 0))
    throw new Error(`${where}: must be a duration such as "10 seconds", got ${JSON.stringify(value)}`);
  return Number(m[1]) * unit;
}

/** Checks an auth block (TheHive 4: `{type: none}`, `{type: basic, username, password}`, `{type: bearer|key, key}`). */
export function checkAuth(value: unknown, where: string): WebhookAuth {
  if (value === undefined || value === null) return { type: 'none' };
  if (!isObject(value)) throw new Error(`${where}: must be a mapping with a type`);
  const type = value.type ?? 'none';
  const str = (k: string) => {
    if (typeof value[k] !== 'string' || value[k] === '')
      throw new Error(`${where}.${k}: required for auth type ${String(type)}`);
    return value[k] as string;
  };
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: str('username'), password: str('password') };
    case 'bearer':
    case 'key':
      return { type: type as AuthType, key: str('key') };
    default:
      throw new Error(`${where}.type: must be none, basic, bearer or key, got ${JSON.stringify(type)}`);
  }
}

function checkUrl(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: required, an http(s) URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${where}: not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${where}: must be an http or https URL`);
  return value;
}

function names(value: unknown, where: string, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`${where}: must be a list of organisation names ("*" for all)`);
  return value as string[];
}

export function checkEndpoints(value: unknown): WebhookEndpoint[] {
  const where = 'notification.webhook.endpoints';
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where}: must be a list of endpoints`);
  const seen = new Set<string>();
  return value.map((e, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(e)) throw new Error(`${at}: must be a mapping (name, url, version, auth)`);
    if (typeof e.name !== 'string' || e.name.trim() === '') throw new Error(`${at}.name: required`);
    if (seen.has(e.name)) throw new Error(`${at}.name: "${e.name}" is declared twice`);
    seen.add(e.name);
    const version = e.version ?? 0;
    if (version !== 0 && version !== 1) throw new Error(`${at}.version: must be 0 or 1`);
    const ws = isObject(e.wsConfig) ? e.wsConfig : {};
    const timeout = isObject(ws.timeout) ? ws.timeout.request : ws.timeout;
    return {
      name: e.name,
      url: checkUrl(e.url, `${at}.url`),
      version,
      auth: checkAuth(e.auth, `${at}.auth`),
      ...(timeout !== undefined ? { timeoutMs: parseDuration(timeout, `${at}.wsConfig.timeout`) } : {}),
      includedTheHiveOrganisations: names(
        e.includedTheHiveOrganisations,
        `${at}.includedTheHiveOrganisations`,
        ['*'],
      ),
      excludedTheHiveOrganisations: names(
        e.excludedTheHiveOrganisations,
        `${at}.excludedTheHiveOrganisations`,
        [],
      ),
    };
  });
}

/** Whether an organisation may use an endpoint (TheHive 4's included/excluded lists, "*" = all). */
export function endpointAllows(endpoint: WebhookEndpoint, organisation: string): boolean {
  const has = (list: string[]) => list.includes('*') || list.includes(organisation);
  return (
    has(endpoint.includedTheHiveOrganisations) &&
    !endpoint.excludedTheHiveOrganisations.includes(organisation)
  );
}
