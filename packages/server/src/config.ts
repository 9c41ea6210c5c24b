/**
 * Configuration: environment variables (the documented contract) over an optional YAML file over defaults.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkSignInPolicy, defaultSignInPolicy, type SignInPolicy } from './auth/sign-in-policy.js';
import { checkSsoConfig, defaultSsoConfig, type SsoConfig } from './auth/sso/sso-config.js';
import { isAddressOrRange } from './auth/sso/trusted-header.js';
import { checkMispSettings, defaultMispSettings, type MispSettings } from './connectors/misp/misp-config.js';
import {
  checkTaxiiSettings,
  defaultTaxiiSettings,
  type TaxiiSettings,
} from './connectors/taxii/taxii-config.js';
import { checkEndpoints, type WebhookEndpoint } from './events/notify/endpoints.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /**
   * The URL browsers reach this server at (https://propolis.example.org), without a trailing slash:
   * single sign-on callbacks are built on it. Empty: taken from each request's Host.
   */
  publicUrl: string;
  /**
   * HTTPS served directly: PEM certificate (chain) and key files, read at start and again on SIGHUP.
   * Empty: plain HTTP (behind a TLS-terminating reverse proxy).
   */
  tls: { certFile: string; keyFile: string };
  /**
   * Addresses or CIDR ranges of the reverse proxies in front of this server: their X-Forwarded-For and
   * X-Forwarded-Proto are believed (client address for throttles and logs, https for redirects).
   */
  trustProxy: string[];
  /** A postgres:// URL switches storage to PostgreSQL; absent means SQLite in dataDir. */
  databaseUrl?: string;
  /** Initial admin password, used only when the admin user is first created. */
  adminPassword?: string;
  logLevel: string;
  /** Largest JSON or form body accepted, in bytes. */
  bodyLimit: number;
  /** Largest multipart upload (files and fields together), in bytes. */
  uploadLimit: number;
  /** Bounds on zip uploads unpacked into observables (`isZip`). */
  zip: { maxEntries: number; maxTotalSize: number };
  /** Password of the zips served by /api/datastorezip (TheHive's `datastore.attachment.password`). */
  downloadZipPassword: string;
  auth: {
    basic: boolean;
    /** Session inactivity timeout, in minutes. */
    sessionTimeoutMinutes: number;
    /** scrypt cost (N, a power of two from 1024 to 1048576) of new password hashes. */
    passwordHashCost: number;
    /** Mark the session cookie Secure (set when served behind TLS). */
    secureCookie: boolean;
    throttle: {
      /** Failed logins for one account before it is slowed down. */
      maxFailuresPerAccount: number;
      /** Failed logins from one address before it is slowed down. */
      maxFailuresPerAddress: number;
      /** Window over which failures are counted, in seconds. */
      windowSeconds: number;
    };
    /** Single sign-on: OpenID Connect, SAML, LDAP / Active Directory, trusted header (docs/sso.md). */
    sso: SsoConfig;
    /** Sign-in methods per organisation, required second factors, password rules (docs/sso.md). */
    policy: SignInPolicy;
  };
  metrics: { enabled: boolean };
  openapi: { enabled: boolean };
  /** The live stream (`/api/stream`). */
  stream: {
    /** Longest wait of a long poll before it answers an empty list, in seconds (TheHive: 60). */
    refreshSeconds: number;
    /** A stream nobody polls for this long is closed, in seconds (TheHive: 300). */
    keepAliveSeconds: number;
    /** Events kept for one stream between two polls; beyond, the oldest are dropped. */
    maxEvents: number;
    /** Streams one user may keep open; opening one more closes the least recently polled. */
    maxStreamsPerUser: number;
  };
  /** Notifications and webhooks (docs/notifications.md). */
  notification: {
    /** Run the fan-out and deliveries in this process (several nodes may; each event is delivered once). */
    enabled: boolean;
    /** TheHive 4's `notification.webhook.endpoints`: trusted as written (loopback included). */
    webhook: { endpoints: WebhookEndpoint[] };
    /** SMTP server of the e-mail notifiers. */
    email: {
      host: string;
      port: number;
      /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
      secure: boolean;
      username: string;
      password: string;
      from: string;
    };
    /** Let URLs given through the API reach loopback, link-local and cloud-metadata addresses. */
    allowLocalAddresses: boolean;
    /** Attempts before a delivery is dead-lettered. */
    maxAttempts: number;
    /** First retry delay; each further one doubles, up to retryMaxSeconds. */
    retryInitialSeconds: number;
    retryMaxSeconds: number;
    /** Timeout of one HTTP or SMTP delivery. */
    timeoutSeconds: number;
    /** Deliveries under way at once in one node... */
    concurrency: number;
    /** ...and to one notifier (a receiver gets at most this many requests at once from a node). */
    perNotifierConcurrency: number;
    /** Largest payload sent (bigger events lose their `object`). */
    maxPayloadBytes: number;
    /** Delivered and dead rows of the delivery log are kept this long. */
    retentionDays: number;
    /** Folder of the AppendToFile notifier's files ('' = <dataDir>/notifications). */
    fileDirectory: string;
  };
  /** Server-Sent Events (`GET /api/v1/events`). */
  events: {
    heartbeatSeconds: number;
    /** A connection is closed after this long (the browser reconnects with Last-Event-ID and is authenticated again). */
    maxConnectionSeconds: number;
  };
  query: {
    /**
     * The `total` of a v1 query page (`X-Total`) counts at most this many matches, as TheHive's
     * `query.limitedCountThreshold` (a UI shows "1000+"); 0 counts them all. `count` is always exact.
     */
    limitedCountThreshold: number;
    /** Rows read per page by `GET /api/v1/export`, which writes each page before reading the next. */
    exportPageSize: number;
  };
  /** Feeders defined in this file (docs/feeders.md); the admin API defines more. */
  feeders: unknown[];
  /** The feeder runner of this node: `enabled: false` keeps this node from running feeders. */
  feederRunner: { enabled: boolean; reconcileSeconds: number; leaseSeconds: number };
  /** Workflows (docs/feeders.md#workflows): rules on the audit outbox, run by the feeder runner. */
  workflows: unknown[];
  /** The MISP connector (docs/misp.md): servers to pull events from and export cases to. */
  misp: MispSettings;
  /** TAXII 2.1 (docs/stix-taxii.md): what Propolis's collections allow, and remote collections to pull. */
  taxii: TaxiiSettings;
  /** The web UI (docs/ui.md): the folder of its built files, served at `/`; '' serves no UI. */
  web: { dir: string };
}

export const defaultConfig = (): Config => ({
  port: 9000,
  host: '127.0.0.1',
  dataDir: './data',
  publicUrl: '',
  tls: { certFile: '', keyFile: '' },
  trustProxy: [],
  logLevel: 'info',
  bodyLimit: 10 * 1024 * 1024,
  uploadLimit: 100 * 1024 * 1024,
  zip: { maxEntries: 1000, maxTotalSize: 1024 * 1024 * 1024 },
  downloadZipPassword: 'malware',
  auth: {
    basic: true,
    sessionTimeoutMinutes: 60,
    passwordHashCost: 16384,
    secureCookie: false,
    throttle: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowSeconds: 300 },
    sso: defaultSsoConfig(),
    policy: defaultSignInPolicy(),
  },
  metrics: { enabled: true },
  openapi: { enabled: true },
  stream: { refreshSeconds: 60, keepAliveSeconds: 300, maxEvents: 10_000, maxStreamsPerUser: 20 },
  query: { limitedCountThreshold: 1000, exportPageSize: 500 },
  feeders: [],
  workflows: [],
  web: { dir: '' },
  feederRunner: { enabled: true, reconcileSeconds: 5, leaseSeconds: 30 },
  notification: {
    enabled: true,
    webhook: { endpoints: [] },
    email: { host: '', port: 25, secure: false, username: '', password: '', from: 'propolis@localhost' },
    allowLocalAddresses: false,
    maxAttempts: 12,
    retryInitialSeconds: 1,
    retryMaxSeconds: 600,
    timeoutSeconds: 10,
    concurrency: 64,
    perNotifierConcurrency: 32,
    maxPayloadBytes: 1024 * 1024,
    retentionDays: 7,
    fileDirectory: '',
  },
  events: { heartbeatSeconds: 15, maxConnectionSeconds: 3600 },
  misp: defaultMispSettings(),
  taxii: defaultTaxiiSettings(),
});

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type ConfigOverrides = DeepPartial<Config>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function merge<T>(base: T, over: unknown): T {
  if (!isObject(over)) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    if (k === '__proto__' || k === 'constructor' || v === undefined) continue;
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  }
  return out as T;
}

/** Every setting that has a default must keep the default's type (a file saying `port: nine` is refused). */
function checkTypes(value: unknown, reference: unknown, where: string): void {
  if (!isObject(reference) || !isObject(value)) return;
  for (const [key, ref] of Object.entries(reference)) {
    const v = value[key];
    const name = where ? `${where}.${key}` : key;
    if (isObject(ref)) {
      if (!isObject(v)) throw new Error(`${name}: must be a mapping`);
      checkTypes(v, ref, name);
    } else if (typeof ref === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new Error(`${name}: must be a number, got ${JSON.stringify(v)}`);
    } else if (typeof v !== typeof ref) {
      throw new Error(`${name}: must be a ${typeof ref}, got ${JSON.stringify(v)}`);
    }
  }
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

/** Reads the YAML file named by PROPOLIS_CONFIG (or `file`), then applies the environment variables. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  file?: string,
  overrides?: ConfigOverrides,
): Config {
  let config = defaultConfig();
  const configFile = file ?? env.PROPOLIS_CONFIG;
  if (configFile) {
    const parsed: unknown = parseYaml(readFileSync(configFile, 'utf8'));
    if (parsed !== null && !isObject(parsed))
      throw new Error(`${configFile}: the configuration must be a YAML mapping`);
    config = merge(config, parsed);
  }
  const fromEnv: ConfigOverrides = {
    port: envNumber(env, 'PROPOLIS_PORT'),
    host: env.PROPOLIS_HOST || undefined,
    dataDir: env.PROPOLIS_DATA_DIR || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.PROPOLIS_ADMIN_PASSWORD || undefined,
    logLevel: env.PROPOLIS_LOG_LEVEL || undefined,
    publicUrl: env.PROPOLIS_PUBLIC_URL || undefined,
    tls:
      env.PROPOLIS_TLS_CERT_FILE || env.PROPOLIS_TLS_KEY_FILE
        ? { certFile: env.PROPOLIS_TLS_CERT_FILE ?? '', keyFile: env.PROPOLIS_TLS_KEY_FILE ?? '' }
        : undefined,
    trustProxy: env.PROPOLIS_TRUST_PROXY
      ? env.PROPOLIS_TRUST_PROXY.split(',').map((p) => p.trim())
      : undefined,
    web: env.PROPOLIS_WEB_DIR ? { dir: env.PROPOLIS_WEB_DIR } : undefined,
  };
  config = merge(config, fromEnv);
  config = merge(config, overrides);
  checkTypes(config, defaultConfig(), '');
  for (const name of ['databaseUrl', 'adminPassword'] as const) {
    if (config[name] !== undefined && typeof config[name] !== 'string')
      throw new Error(`${name}: must be a string`);
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new Error(`port: must be a port number, got ${JSON.stringify(config.port)}`);
  }
  const cost = config.auth.passwordHashCost;
  if (cost < 1024 || cost > 1048576 || !Number.isInteger(Math.log2(cost))) {
    throw new Error(`auth.passwordHashCost: must be a power of two from 1024 to 1048576, got ${cost}`);
  }
  for (const [key, value] of Object.entries(config.stream)) {
    if (!(value > 0)) throw new Error(`stream.${key}: must be a positive number, got ${value}`);
  }
  const threshold = config.query.limitedCountThreshold;
  if (!Number.isInteger(threshold) || threshold < 0)
    throw new Error(
      `query.limitedCountThreshold: must be a whole number (0 for exact totals), got ${threshold}`,
    );
  const pageSize = config.query.exportPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000)
    throw new Error(`query.exportPageSize: must be a whole number from 1 to 10000, got ${pageSize}`);
  if (!Array.isArray(config.feeders)) throw new Error('feeders: must be a list');
  if (!Array.isArray(config.workflows)) throw new Error('workflows: must be a list');
  for (const [key, value] of Object.entries(config.feederRunner)) {
    if (typeof value === 'number' && !(value > 0))
      throw new Error(`feederRunner.${key}: must be a positive number, got ${value}`);
  }
  for (const key of [
    'maxAttempts',
    'retryInitialSeconds',
    'retryMaxSeconds',
    'timeoutSeconds',
    'concurrency',
    'perNotifierConcurrency',
    'maxPayloadBytes',
    'retentionDays',
  ] as const) {
    const value = config.notification[key];
    if (!(value > 0)) throw new Error(`notification.${key}: must be a positive number, got ${value}`);
  }
  for (const [key, value] of Object.entries(config.events)) {
    if (!(value > 0)) throw new Error(`events.${key}: must be a positive number, got ${value}`);
  }
  config.auth.sso = checkSsoConfig(config.auth.sso, env);
  config.auth.policy = checkSignInPolicy(config.auth.policy);
  if (
    !Array.isArray(config.trustProxy) ||
    config.trustProxy.some((p) => typeof p !== 'string' || !isAddressOrRange(p))
  )
    throw new Error('trustProxy: must be a list of IP addresses or CIDR ranges of the reverse proxies');
  if (Boolean(config.tls.certFile) !== Boolean(config.tls.keyFile))
    throw new Error('tls: certFile and keyFile go together (both, or neither for plain HTTP)');
  // a session cookie served over HTTPS is never sent back over plain HTTP
  if (config.tls.certFile) config.auth.secureCookie = true;
  if (config.publicUrl) {
    if (!/^https?:\/\/[^/]+/.test(config.publicUrl))
      throw new Error(
        `publicUrl: must be an http:// or https:// URL, got ${JSON.stringify(config.publicUrl)}`,
      );
    config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  }
  config.misp = checkMispSettings(config.misp);
  config.taxii = checkTaxiiSettings(config.taxii);
  config.notification.webhook.endpoints = checkEndpoints(config.notification.webhook.endpoints);
  config.dataDir = path.resolve(config.dataDir);
  if (config.web.dir) config.web.dir = path.resolve(config.web.dir);
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new Error(
      'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)',
    );
  }
  return config;
}
