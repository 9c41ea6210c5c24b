/**
 * Notifiers: how a notification tells. TheHive 5's names; TheHive 4's configuration names (webhook,
 * emailer, mattermost, appendToFile) are read into them. Settings are checked when configured, so a
 * delivery never meets an unknown endpoint, a bad URL or a broken template: unknown notifier, unknown
 * endpoint, refused URL or template syntax error are 400s that say what to fix.
 *
 * Secrets (passwords, keys, tokens, chat webhook URLs, authorization-like headers) are stored and
 * used but never returned: `publicNotifier` replaces them with SECRET_MASK, and an update that sends
 * SECRET_MASK back keeps the stored value.
 */
import { badRequest } from '@propolis/core';
import { checkAuth, endpointAllows, type WebhookAuth, type WebhookEndpoint } from './endpoints.js';
import { checkTemplate } from './templates.js';
import { checkApiUrl } from './url-safety.js';

export const NOTIFIER_NAMES = [
  'Webhook',
  'HttpRequest',
  'EmailerToAddr',
  'EmailerToUser',
  'Slack',
  'Mattermost',
  'Teams',
  'AppendToFile',
] as const;
export type NotifierName = (typeof NOTIFIER_NAMES)[number];

export const SECRET_MASK = '********';

export type NotifierSpec =
  | {
      name: 'Webhook';
      /** An endpoint of the configuration file (trusted), or... */
      endpoint?: string;
      /** ...a URL given through the API (checked). */
      url?: string;
      version?: 0 | 1;
      auth?: WebhookAuth;
    }
  | {
      name: 'HttpRequest';
      method: string;
      url: string;
      headers: Record<string, string>;
      body?: string;
      auth?: WebhookAuth;
    }
  | { name: 'EmailerToAddr'; to: string[]; subject?: string; template?: string }
  | { name: 'EmailerToUser'; subject?: string; template?: string }
  | {
      name: 'Slack' | 'Mattermost' | 'Teams';
      url: string;
      text?: string;
      channel?: string;
      username?: string;
    }
  | { name: 'AppendToFile'; file: string; template?: string };

export interface NotifierContext {
  endpoints: readonly WebhookEndpoint[];
  organisationName: string;
  allowLocalAddresses: boolean;
  /** Whether an SMTP server is configured (`notification.email.host`). */
  emailConfigured: boolean;
  /** The stored notifier at the same place, whose secrets a masked value keeps. */
  previous?: NotifierSpec;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;
const SECRET_HEADER = /auth|token|key|secret|cookie|password/i;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

type Raw = Record<string, unknown>;

function str(raw: Raw, key: string, where: string, max = 1024): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max)
    throw badRequest(`${where}.${key}: must be text of at most ${max} characters`);
  return v;
}

function template(raw: Raw, key: string, where: string): string | undefined {
  const v = raw[key];
  return v === undefined || v === null ? undefined : checkTemplate(v, `${where}.${key}`);
}

/** A secret field: the mask keeps what was stored. */
function secret(value: unknown, previous: unknown): unknown {
  return value === SECRET_MASK && typeof previous === 'string' ? previous : value;
}

function auth(raw: unknown, where: string, previous: WebhookAuth | undefined): WebhookAuth | undefined {
  if (raw === undefined || raw === null) return undefined;
  const r = { ...(raw as Raw) };
  if (previous) {
    r.password = secret(r.password, previous.password);
    r.key = secret(r.key, previous.key);
  }
  try {
    return checkAuth(r, where);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
}

/** TheHive 4 configuration names (and lower-case spellings) → TheHive 5 names. */
const ALIASES: Record<string, NotifierName> = {
  webhook: 'Webhook',
  httprequest: 'HttpRequest',
  emailer: 'EmailerToUser',
  emailertouser: 'EmailerToUser',
  emailertoaddr: 'EmailerToAddr',
  slack: 'Slack',
  mattermost: 'Mattermost',
  teams: 'Teams',
  appendtofile: 'AppendToFile',
};

export async function parseNotifier(raw: unknown, where: string, c: NotifierContext): Promise<NotifierSpec> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badRequest(`${where}: must be an object with a name (one of ${NOTIFIER_NAMES.join(', ')})`);
  const r = raw as Raw;
  const given = typeof r.name === 'string' ? r.name : '';
  let name = ALIASES[given.toLowerCase()];
  if (!name)
    throw badRequest(
      `${where}.name: unknown notifier ${JSON.stringify(r.name)}; use one of ${NOTIFIER_NAMES.join(', ')}`,
    );
  if (name === 'EmailerToUser' && r.to !== undefined) name = 'EmailerToAddr';
  if ((name === 'EmailerToUser' || name === 'EmailerToAddr') && !c.emailConfigured)
    throw badRequest(
      `${where}: no SMTP server is configured for e-mail notifiers; the administrator sets notification.email.host in the configuration file`,
    );
  const prev = c.previous?.name === name ? (c.previous as Raw) : undefined;
  switch (name) {
    case 'Webhook': {
      const endpoint = str(r, 'endpoint', where, 128);
      if (endpoint !== undefined) {
        const declared = c.endpoints.find((e) => e.name === endpoint);
        if (!declared || !endpointAllows(declared, c.organisationName))
          throw badRequest(
            `${where}.endpoint: no webhook endpoint "${endpoint}" is declared for organisation ${c.organisationName} (notification.webhook.endpoints in the configuration file)${
              c.endpoints.length > 0 ? `; declared: ${c.endpoints.map((e) => e.name).join(', ')}` : ''
            }`,
          );
        return { name, endpoint };
      }
      if (r.url === undefined)
        throw badRequest(
          `${where}: a Webhook needs an endpoint (declared in the configuration file) or a url`,
        );
      const url = await checkApiUrl(r.url, `${where}.url`, c.allowLocalAddresses);
      const version = r.version ?? 0;
      if (version !== 0 && version !== 1) throw badRequest(`${where}.version: must be 0 or 1`);
      const a = auth(r.auth, `${where}.auth`, prev?.auth as WebhookAuth | undefined);
      return { name, url, version, ...(a ? { auth: a } : {}) };
    }
    case 'HttpRequest': {
      const method = (str(r, 'method', where, 10) ?? 'POST').toUpperCase();
      if (!METHODS.includes(method))
        throw badRequest(`${where}.method: must be one of ${METHODS.join(', ')}`);
      const url = await checkApiUrl(r.url, `${where}.url`, c.allowLocalAddresses);
      checkTemplate(url, `${where}.url`);
      const headers: Record<string, string> = {};
      if (r.headers !== undefined) {
        if (typeof r.headers !== 'object' || r.headers === null || Array.isArray(r.headers))
          throw badRequest(`${where}.headers: must be an object of header names to values`);
        const before = (prev?.headers ?? {}) as Record<string, string>;
        for (const [k, v] of Object.entries(r.headers as Raw)) {
          if (!HEADER_NAME.test(k))
            throw badRequest(`${where}.headers: ${JSON.stringify(k)} is not a header name`);
          const value = secret(v, before[k]);
          if (typeof value !== 'string' || /[\r\n]/.test(value) || value.length > 4096)
            throw badRequest(`${where}.headers.${k}: must be one line of text`);
          headers[k] = checkTemplate(value, `${where}.headers.${k}`);
        }
      }
      const body = template(r, 'body', where);
      const a = auth(r.auth, `${where}.auth`, prev?.auth as WebhookAuth | undefined);
      return {
        name,
        method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(a ? { auth: a } : {}),
      };
    }
    case 'EmailerToAddr': {
      const to = Array.isArray(r.to) ? r.to : typeof r.to === 'string' ? [r.to] : undefined;
      if (
        !to ||
        to.length === 0 ||
        to.length > 50 ||
        !to.every((t) => typeof t === 'string' && EMAIL.test(t))
      )
        throw badRequest(`${where}.to: must be a list of 1 to 50 e-mail addresses`);
      return { name, to: to as string[], ...texts(r, where, ['subject', 'template']) };
    }
    case 'EmailerToUser':
      return { name, ...texts(r, where, ['subject', 'template']) };
    case 'Slack':
    case 'Mattermost':
    case 'Teams': {
      const url = await checkApiUrl(secret(r.url, prev?.url), `${where}.url`, c.allowLocalAddresses);
      const text = template(r, 'text', where) ?? template(r, 'template', where);
      const channel = str(r, 'channel', where, 128);
      const username = str(r, 'username', where, 128);
      return {
        name,
        url,
        ...(text !== undefined ? { text } : {}),
        ...(channel !== undefined ? { channel } : {}),
        ...(username !== undefined ? { username } : {}),
      };
    }
    case 'AppendToFile': {
      const file = str(r, 'file', where, 128);
      if (!file || !FILE_NAME.test(file))
        throw badRequest(
          `${where}.file: must be a plain file name (letters, digits, ".", "_", "-"); it is written in the notification folder`,
        );
      const t = template(r, 'template', where);
      return { name, file, ...(t !== undefined ? { template: t } : {}) };
    }
  }
}

function texts(r: Raw, where: string, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = template(r, k, where);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const maskAuth = (a: WebhookAuth | undefined) =>
  a
    ? {
        type: a.type,
        ...(a.username !== undefined ? { username: a.username } : {}),
        ...(a.password !== undefined ? { password: SECRET_MASK } : {}),
        ...(a.key !== undefined ? { key: SECRET_MASK } : {}),
      }
    : undefined;

/** The notifier as the API shows it: secrets masked. */
export function publicNotifier(n: NotifierSpec): Record<string, unknown> {
  switch (n.name) {
    case 'Webhook':
    case 'HttpRequest': {
      const out: Record<string, unknown> = { ...n };
      if (n.auth) out.auth = maskAuth(n.auth);
      if (n.name === 'HttpRequest')
        out.headers = Object.fromEntries(
          Object.entries(n.headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? SECRET_MASK : v]),
        );
      return out;
    }
    case 'Slack':
    case 'Mattermost':
    case 'Teams':
      // an incoming-webhook URL is its own credential
      return { ...n, url: SECRET_MASK };
    default:
      return { ...n };
  }
}
