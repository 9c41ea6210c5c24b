import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { isHttpUrl, isObject, namedItem, namedList } from '../settings-rules.js';

/**
 * The `misp` section of the configuration file (docs/misp.md): the MISP servers Propolis pulls
 * events from and exports cases to, with TheHive's options. Checked at start: a mistake stops the
 * server with a message naming the setting.
 */
export type MispPurpose = 'ImportOnly' | 'ExportOnly' | 'ImportAndExport';
const PURPOSES: readonly MispPurpose[] = ['ImportOnly', 'ExportOnly', 'ImportAndExport'];

export interface MispServerConfig {
  name: string;
  url: string;
  /** The MISP automation key: sent in `Authorization`, never logged nor returned. */
  key: string;
  purpose: MispPurpose;
  /** Organisations the events of this server become alerts in. */
  organisations: string[];
  /** Case template named on the imported alerts (used when they become cases). */
  caseTemplate?: string;
  /** Tags added to every exported MISP event. */
  exportTags: string[];
  /** Also export the case's tags as event tags. */
  exportCaseTags: boolean;
  /** Export only the case's observables marked as IOC (default), or all of them. */
  exportOnlyIocs: boolean;
  /** Import only events carrying one of these tags (empty: every event). */
  whitelistTags: string[];
  /** Skip events carrying one of these tags. */
  excludeTags: string[];
  /** Skip events created by one of these MISP organisations (Orgc name). */
  excludeOrganisations: string[];
  /** Import only events modified in the last `maxAge` days (0: no limit). */
  maxAge: number;
  /** Skip events with more attributes than this (0: no limit). */
  maxAttributes: number;
  /** TLS to an https MISP: extra trusted CAs (PEM), or no certificate check at all. */
  tls: MispTls;
}

export interface MispTls {
  /** PEM certificates trusted besides the system's (from `tls.ca` or the file `tls.caFile`). */
  ca?: string;
  /** Accept any certificate (a test MISP with a self-signed one); logged as a warning at start. */
  skipVerify: boolean;
  /** A client certificate (PEM, from `tls.cert` or `tls.certFile`) for a MISP that asks for one (mutual TLS)... */
  cert?: string;
  /** ...its private key (PEM, from `tls.key` or `tls.keyFile`)... */
  key?: string;
  /** ...and the passphrase of that key when it is encrypted: never logged nor returned. */
  passphrase?: string;
}

/**
 * A MISP feed (the standard feed format: `manifest.json` and one `<uuid>.json` per event) read
 * from an http(s) URL or a local directory; its events become alerts as a server's do.
 */
export interface MispFeedConfig
  extends Pick<
    MispServerConfig,
    | 'name'
    | 'organisations'
    | 'caseTemplate'
    | 'whitelistTags'
    | 'excludeTags'
    | 'excludeOrganisations'
    | 'maxAge'
    | 'maxAttributes'
    | 'tls'
  > {
  /** The feed's base URL (http or https)... */
  url?: string;
  /** ...or the directory holding it. */
  path?: string;
}

export interface MispSettings {
  /** Seconds between two periodic pulls of every import server. */
  intervalSeconds: number;
  /** Timeout of one HTTP call to a MISP server. */
  timeoutSeconds: number;
  /** Largest MISP response read; a bigger one fails the call. */
  maxResponseBytes: number;
  /** Events asked per page of `events/restSearch`. */
  pageSize: number;
  servers: MispServerConfig[];
  feeds: MispFeedConfig[];
}

export const defaultMispSettings = (): MispSettings => ({
  intervalSeconds: 300,
  timeoutSeconds: 30,
  maxResponseBytes: 50 * 1024 * 1024,
  pageSize: 100,
  servers: [],
  feeds: [],
});

function strings(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))
    throw new Error(`${where}: must be a list of non-empty strings`);
  return value as string[];
}

function count(value: unknown, where: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Error(`${where}: must be a whole number (0 for no limit), got ${JSON.stringify(value)}`);
  return value;
}

function flag(value: unknown, fallback: boolean, where: string): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${where}: must be true or false`);
  return value;
}

function pemSetting(raw: Record<string, unknown>, name: string, marker: RegExp, what: string, where: string) {
  const fileKey = `${name}File`;
  let text: string | undefined;
  if (raw[name] !== undefined) {
    if (typeof raw[name] !== 'string' || !marker.test(raw[name] as string))
      throw new Error(`${where}.${name}: must be ${what}`);
    text = raw[name] as string;
  }
  if (raw[fileKey] !== undefined) {
    const file = raw[fileKey];
    if (typeof file !== 'string' || file === '')
      throw new Error(`${where}.${fileKey}: must be the path of a PEM file`);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${where}.${fileKey}: cannot read ${file} (${(error as Error).message})`);
    }
    if (!marker.test(content)) throw new Error(`${where}.${fileKey}: ${file} holds no ${what}`);
    text = text ? `${text}\n${content}` : content;
  }
  return text;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export function checkTls(raw: unknown, where: string): MispTls {
  if (raw === undefined || raw === null) return { skipVerify: false };
  if (!isObject(raw))
    throw new Error(
      `${where}: must be a mapping (ca, caFile, skipVerify, cert, certFile, key, keyFile, passphrase)`,
    );
  const ca = pemSetting(raw, 'ca', CERTIFICATE, 'PEM certificates (-----BEGIN CERTIFICATE-----)', where);
  const cert = pemSetting(raw, 'cert', CERTIFICATE, 'a PEM certificate (-----BEGIN CERTIFICATE-----)', where);
  const key = pemSetting(raw, 'key', PRIVATE_KEY, 'a PEM private key (-----BEGIN PRIVATE KEY-----)', where);
  if (raw.passphrase !== undefined && (typeof raw.passphrase !== 'string' || raw.passphrase === ''))
    throw new Error(`${where}.passphrase: must be the passphrase of the key`);
  const passphrase = raw.passphrase as string | undefined;
  if ((cert === undefined) !== (key === undefined))
    throw new Error(`${where}: a client certificate needs both cert (or certFile) and key (or keyFile)`);
  if (passphrase !== undefined && key === undefined)
    throw new Error(`${where}.passphrase: there is no key to open`);
  if (cert && key) {
    try {
      createSecureContext({ cert, key, passphrase });
    } catch (error) {
      const why = (error as Error).message;
      // the passphrase is not in the message: only what failed
      throw new Error(
        `${where}: the client certificate and key cannot be used (${why}); check key, cert and passphrase`,
      );
    }
  }
  return {
    ...(ca ? { ca } : {}),
    skipVerify: flag(raw.skipVerify, false, `${where}.skipVerify`),
    ...(cert ? { cert, key, ...(passphrase ? { passphrase } : {}) } : {}),
  };
}

/** What a server and a feed both take: which events to import, and TLS. */
function importFilters(raw: Record<string, unknown>, where: string) {
  const whitelist = isObject(raw.whitelist) ? raw.whitelist : {};
  const exclusion = isObject(raw.exclusion) ? raw.exclusion : {};
  return {
    whitelistTags: strings(whitelist.tags, `${where}.whitelist.tags`),
    excludeTags: strings(exclusion.tags, `${where}.exclusion.tags`),
    excludeOrganisations: strings(exclusion.organisations, `${where}.exclusion.organisations`),
    maxAge: count(raw.maxAge, `${where}.maxAge`),
    maxAttributes: count(raw.maxAttributes, `${where}.maxAttributes`),
    tls: checkTls(raw.tls, `${where}.tls`),
  };
}

function checkServer(item: unknown, i: number): MispServerConfig {
  const { raw, name, where } = namedItem(item, 'misp.servers', i);
  const url = raw.url;
  if (!isHttpUrl(url)) throw new Error(`${where}.url: must be an http(s) URL`);
  if (typeof raw.key !== 'string' || raw.key === '')
    throw new Error(`${where}.key: the MISP API key is required`);
  const purpose = raw.purpose ?? 'ImportAndExport';
  if (!PURPOSES.includes(purpose as MispPurpose))
    throw new Error(`${where}.purpose: must be one of ${PURPOSES.join(', ')}`);
  if (raw.caseTemplate !== undefined && typeof raw.caseTemplate !== 'string')
    throw new Error(`${where}.caseTemplate: must be a case template name`);
  const organisations = strings(raw.organisations, `${where}.organisations`);
  if (purpose !== 'ExportOnly' && organisations.length === 0)
    throw new Error(`${where}.organisations: name the organisations its events become alerts in`);
  return {
    name,
    url: (url as string).replace(/\/+$/, ''),
    key: raw.key,
    purpose: purpose as MispPurpose,
    organisations,
    caseTemplate: raw.caseTemplate as string | undefined,
    exportTags: strings(raw.exportTags, `${where}.exportTags`),
    exportCaseTags: flag(raw.exportCaseTags, false, `${where}.exportCaseTags`),
    exportOnlyIocs: flag(raw.exportOnlyIocs, true, `${where}.exportOnlyIocs`),
    ...importFilters(raw, where),
  };
}

function checkFeed(item: unknown, i: number): MispFeedConfig {
  const { raw, name, where } = namedItem(item, 'misp.feeds', i);
  if ((raw.url === undefined) === (raw.path === undefined))
    throw new Error(`${where}: give either url (an http(s) feed) or path (a feed directory)`);
  let url: string | undefined;
  if (raw.url !== undefined) {
    if (!isHttpUrl(raw.url)) throw new Error(`${where}.url: must be an http(s) URL`);
    url = raw.url.replace(/\/+$/, '');
  }
  if (raw.path !== undefined && (typeof raw.path !== 'string' || raw.path === ''))
    throw new Error(`${where}.path: must be the feed's directory`);
  const organisations = strings(raw.organisations, `${where}.organisations`);
  if (organisations.length === 0)
    throw new Error(`${where}.organisations: name the organisations its events become alerts in`);
  if (raw.caseTemplate !== undefined && typeof raw.caseTemplate !== 'string')
    throw new Error(`${where}.caseTemplate: must be a case template name`);
  return {
    name,
    url,
    path: raw.path as string | undefined,
    organisations,
    caseTemplate: raw.caseTemplate as string | undefined,
    ...importFilters(raw, where),
  };
}

/** Checks the `misp` section (defaults already merged in). */
export function checkMispSettings(settings: MispSettings): MispSettings {
  for (const key of ['intervalSeconds', 'timeoutSeconds', 'maxResponseBytes', 'pageSize'] as const) {
    if (!(settings[key] > 0)) throw new Error(`misp.${key}: must be a positive number, got ${settings[key]}`);
  }
  const servers = namedList(settings.servers, 'misp.servers', checkServer);
  const feeds = namedList(settings.feeds ?? [], 'misp.feeds', checkFeed);
  return { ...settings, servers, feeds };
}

export const canImport = (s: MispServerConfig) => s.purpose !== 'ExportOnly';
export const canExport = (s: MispServerConfig) => s.purpose !== 'ImportOnly';
