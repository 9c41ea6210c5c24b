/**
 * A feeder's definition, as written in the YAML file (`feeders:`) or sent to the admin API, checked
 * field by field so that a mistake is reported with the field to fix.
 */
export const FEEDER_KINDS = ['suricata', 'wazuh', 'webhook', 'imap', 'maildir', 'syslog', 'elastic'] as const;
export type FeederKind = (typeof FEEDER_KINDS)[number];

/** Fields every alert of the feeder gets unless its mapping sets them. */
export interface AlertDefaults {
  type?: string;
  source?: string;
  tags?: string[];
  tlp?: number;
  pap?: number;
  severity?: number;
  caseTemplate?: string;
}

export interface TailSettings {
  /** The JSON-lines file to follow (rotated files are finished before the new one is read). */
  path: string;
  pollSeconds: number;
  /** Lines read per batch at most. */
  batchLines: number;
}

export interface SuricataSettings extends TailSettings {
  /** Alerts with a Suricata severity above this (1 high … 3 low) are skipped; 0 keeps all. */
  maxSeverity: number;
}

export interface WazuhSettings extends TailSettings {
  /** Alerts whose rule level is below this are skipped. */
  minLevel: number;
}

export interface WebhookSettings {
  /** The bearer token senders present; never returned by the API. */
  token: string;
  /** A JSONata expression from the request body to one alert (an object) or several (an array). */
  mapping: string;
}

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  /** Never returned by the API. */
  password: string;
  mailbox: string;
  /** Processed mails are moved to this folder; absent, they are flagged \Seen and \Flagged. */
  moveTo?: string;
  /** Reconnect delay after a lost connection, in seconds. */
  retrySeconds: number;
  /** Mails whose subject names `Case #<number>` become logs of that case (default true). */
  caseReplies: boolean;
  /** The task of the case that receives them, created if missing. */
  replyTask: string;
}

export interface MaildirSettings {
  /** The Maildir: the folder holding new/, cur/ and tmp/. */
  path: string;
  pollSeconds: number;
  caseReplies: boolean;
  replyTask: string;
}

export interface ElasticSettings {
  /** The cluster's base URL (Elasticsearch or OpenSearch). */
  url: string;
  /** An index name or pattern (`logs-*`, an alias). */
  index: string;
  /** A query DSL object (`{"term": {"event.kind": "alert"}}`); absent: every document. */
  query?: Record<string, unknown>;
  /** The time field documents are read in order of (a date). */
  timeField: string;
  /** Never returned by the API. */
  apiKey?: string;
  username?: string;
  /** Never returned by the API. */
  password?: string;
  pollSeconds: number;
  batchSize: number;
  timeoutSeconds: number;
  /** A JSONata expression from a hit (`_source` with `_id`, `_index`) to an alert; absent: the ECS mapping. */
  mapping?: string;
}

export interface SyslogSettings {
  protocol: 'udp' | 'tcp' | 'both';
  /** Address to listen on (127.0.0.1 by default: name 0.0.0.0 to hear the network). */
  host: string;
  port: number;
  /** Messages with a syslog severity above this (0 emergency … 7 debug) are skipped. */
  maxSeverity: number;
  /** Longer messages (UDP datagrams, TCP frames) are dropped; a TCP sender exceeding it is cut off. */
  maxMessageBytes: number;
  /** A JSONata expression from a parsed message to an alert (nothing: no alert); absent: the default mapping. */
  mapping?: string;
}

interface Base {
  name: string;
  organisation: string;
  enabled: boolean;
  alert: AlertDefaults;
}

export type FeederDefinition =
  | (Base & { kind: 'suricata'; settings: SuricataSettings })
  | (Base & { kind: 'wazuh'; settings: WazuhSettings })
  | (Base & { kind: 'webhook'; settings: WebhookSettings })
  | (Base & { kind: 'imap'; settings: ImapSettings })
  | (Base & { kind: 'maildir'; settings: MaildirSettings })
  | (Base & { kind: 'syslog'; settings: SyslogSettings })
  | (Base & { kind: 'elastic'; settings: ElasticSettings });

/** Settings that are secrets: the API answers `<set>` instead of their value. */
export const SECRET_SETTINGS = new Set(['token', 'password', 'apiKey']);

export class FeederDefinitionError extends Error {}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (where: string, message: string): never => {
  throw new FeederDefinitionError(`${where}: ${message}`);
};

function str(raw: Raw, key: string, where: string, fallback?: string): string {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'string' || v.trim() === '')
    return fail(`${where}.${key}`, 'a non-empty string is required');
  return v;
}
function optStr(raw: Raw, key: string, where: string): string | undefined {
  return raw[key] === undefined || raw[key] === null ? undefined : str(raw, key, where);
}
function int(raw: Raw, key: string, where: string, fallback: number, min: number, max: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    return fail(
      `${where}.${key}`,
      `a whole number from ${min} to ${max} is required, got ${JSON.stringify(v)}`,
    );
  return v;
}
function optInt(raw: Raw, key: string, where: string, min: number, max: number): number | undefined {
  return raw[key] === undefined || raw[key] === null ? undefined : int(raw, key, where, 0, min, max);
}

function alertDefaults(raw: unknown, where: string): AlertDefaults {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) return fail(where, 'must be a mapping');
  const tags = raw.tags;
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t !== '')))
    fail(`${where}.tags`, 'must be a list of non-empty strings');
  return {
    type: optStr(raw, 'type', where),
    source: optStr(raw, 'source', where),
    tags: tags as string[] | undefined,
    tlp: optInt(raw, 'tlp', where, 0, 4),
    pap: optInt(raw, 'pap', where, 0, 3),
    severity: optInt(raw, 'severity', where, 1, 4),
    caseTemplate: optStr(raw, 'caseTemplate', where),
  };
}

function tail(raw: Raw, where: string): TailSettings {
  return {
    path: str(raw, 'path', where),
    pollSeconds: int(raw, 'pollSeconds', where, 2, 1, 3600),
    batchLines: int(raw, 'batchLines', where, 500, 1, 100_000),
  };
}

/** Checks a definition; `where` names it in error messages (e.g. `feeders[2]`). */
export function parseFeederDefinition(input: unknown, where = 'feeder'): FeederDefinition {
  if (!isObject(input)) return fail(where, 'must be a mapping');
  const name = str(input, 'name', where);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
    fail(
      `${where}.name`,
      'letters, digits, ".", "_" and "-" only (at most 64), starting with a letter or digit',
    );
  const kind = input.kind;
  if (typeof kind !== 'string' || !(FEEDER_KINDS as readonly string[]).includes(kind))
    fail(`${where}.kind`, `one of ${FEEDER_KINDS.join(', ')} is required`);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean')
    fail(`${where}.enabled`, 'must be true or false');
  const base: Base = {
    name,
    organisation: str(input, 'organisation', where),
    enabled: input.enabled !== false,
    alert: alertDefaults(input.alert, `${where}.alert`),
  };
  switch (kind as FeederKind) {
    case 'suricata':
      return {
        ...base,
        kind: 'suricata',
        settings: { ...tail(input, where), maxSeverity: int(input, 'maxSeverity', where, 0, 0, 255) },
      };
    case 'wazuh':
      return {
        ...base,
        kind: 'wazuh',
        settings: { ...tail(input, where), minLevel: int(input, 'minLevel', where, 0, 0, 16) },
      };
    case 'webhook': {
      const token = str(input, 'token', where);
      if (token.length < 16) fail(`${where}.token`, 'at least 16 characters are required');
      return { ...base, kind: 'webhook', settings: { token, mapping: str(input, 'mapping', where) } };
    }
    case 'imap':
      return {
        ...base,
        kind: 'imap',
        settings: {
          host: str(input, 'host', where),
          port: int(input, 'port', where, 993, 1, 65535),
          secure: input.secure === undefined ? true : input.secure === true,
          user: str(input, 'user', where),
          password: str(input, 'password', where),
          mailbox: str(input, 'mailbox', where, 'INBOX'),
          moveTo: optStr(input, 'moveTo', where),
          retrySeconds: int(input, 'retrySeconds', where, 30, 1, 3600),
          caseReplies: input.caseReplies !== false,
          replyTask: str(input, 'replyTask', where, 'Mail replies'),
        },
      };
    case 'maildir':
      return {
        ...base,
        kind: 'maildir',
        settings: {
          path: str(input, 'path', where),
          pollSeconds: int(input, 'pollSeconds', where, 2, 1, 3600),
          caseReplies: input.caseReplies !== false,
          replyTask: str(input, 'replyTask', where, 'Mail replies'),
        },
      };
    case 'elastic': {
      const url = str(input, 'url', where);
      if (!/^https?:\/\//.test(url)) fail(`${where}.url`, 'an http(s) URL is required');
      if (input.query !== undefined && !isObject(input.query))
        fail(`${where}.query`, 'must be a query DSL object');
      return {
        ...base,
        kind: 'elastic',
        settings: {
          url,
          index: str(input, 'index', where),
          query: input.query as Record<string, unknown> | undefined,
          timeField: str(input, 'timeField', where, '@timestamp'),
          apiKey: optStr(input, 'apiKey', where),
          username: optStr(input, 'username', where),
          password: optStr(input, 'password', where),
          pollSeconds: int(input, 'pollSeconds', where, 30, 1, 86_400),
          batchSize: int(input, 'batchSize', where, 500, 1, 10_000),
          timeoutSeconds: int(input, 'timeoutSeconds', where, 30, 1, 600),
          mapping: optStr(input, 'mapping', where),
        },
      };
    }
    case 'syslog': {
      const protocol = input.protocol ?? 'udp';
      if (protocol !== 'udp' && protocol !== 'tcp' && protocol !== 'both')
        fail(`${where}.protocol`, 'one of udp, tcp, both is required');
      return {
        ...base,
        kind: 'syslog',
        settings: {
          protocol: protocol as SyslogSettings['protocol'],
          host: str(input, 'host', where, '127.0.0.1'),
          port: int(input, 'port', where, 5514, 1, 65535),
          maxSeverity: int(input, 'maxSeverity', where, 4, 0, 7),
          maxMessageBytes: int(input, 'maxMessageBytes', where, 65_536, 480, 1_048_576),
          mapping: optStr(input, 'mapping', where),
        },
      };
    }
  }
}

/** The definition as the API shows it: settings flattened, secrets replaced by `<set>`. */
export function publicDefinition(def: FeederDefinition): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def.settings)) settings[k] = SECRET_SETTINGS.has(k) ? '<set>' : v;
  return { ...storedDefinition(def), ...settings };
}

/** The definition as stored: the flat form `parseFeederDefinition` reads back. */
export function storedDefinition(def: FeederDefinition): Record<string, unknown> {
  return {
    name: def.name,
    kind: def.kind,
    organisation: def.organisation,
    enabled: def.enabled,
    alert: def.alert,
    ...def.settings,
  };
}
