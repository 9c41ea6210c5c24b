/**
 * The `taxii` section of the configuration file (docs/stix-taxii.md): what each of Propolis's own
 * TAXII collections allows (read, write), the largest envelope a client may POST, and the remote
 * TAXII 2.1 collections Propolis pulls from. Checked at start: a mistake stops the server with a
 * message naming the setting.
 */
import { checkTls, type MispTls } from '../misp/misp-config.js';
import { isHttpUrl, isObject, namedItem, namedList } from '../settings-rules.js';

/** Propolis's collections, by alias (domain/intel/taxii.ts). */
export const TAXII_COLLECTION_ALIASES = ['iocs', 'closed-iocs', 'inbox'] as const;
export type TaxiiCollectionAlias = (typeof TAXII_COLLECTION_ALIASES)[number];

export interface TaxiiAccess {
  canRead: boolean;
  canWrite: boolean;
}

export type TaxiiAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

export interface TaxiiRemoteConfig {
  name: string;
  /** The API root's URL (ending with '/'), e.g. https://cti.example/taxii2/api/. */
  url: string;
  /** The collection's id at that API root. */
  collection: string;
  /** The organisation the objects are stored in. */
  organisation: string;
  /** Each page of objects becomes an alert (default) or a case, with its observables. */
  as: 'alert' | 'case';
  caseTemplate?: string;
  /** Credentials: HTTP Basic or a bearer token; never logged nor returned. */
  auth: TaxiiAuth;
  tls: MispTls;
  /** Seconds between two periodic pulls. */
  intervalSeconds: number;
  /** Objects asked per page (`limit`). */
  pageSize: number;
}

export interface TaxiiSettings {
  /** The largest envelope (bytes) a client may POST to a writable collection; the API root's `max_content_length`. */
  maxContentLength: number;
  collections: Record<TaxiiCollectionAlias, TaxiiAccess>;
  /** Timeout of one HTTP call to a remote TAXII server. */
  timeoutSeconds: number;
  /** Largest answer read from a remote; a bigger one fails the pull. */
  maxResponseBytes: number;
  remotes: TaxiiRemoteConfig[];
}

export const defaultTaxiiSettings = (): TaxiiSettings => ({
  maxContentLength: 10 * 1024 * 1024,
  collections: {
    iocs: { canRead: true, canWrite: false },
    'closed-iocs': { canRead: true, canWrite: false },
    // the write collection: POSTed objects become alerts; off unless configured
    inbox: { canRead: false, canWrite: false },
  },
  timeoutSeconds: 30,
  maxResponseBytes: 50 * 1024 * 1024,
  remotes: [],
});

function positive(value: unknown, fallback: number, where: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new Error(`${where}: must be a positive whole number, got ${JSON.stringify(value)}`);
  return value;
}

function flag(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${where}: must be true or false`);
  return value;
}

function checkAuth(raw: unknown, where: string): TaxiiAuth {
  if (raw === undefined || raw === null) return { type: 'none' };
  if (!isObject(raw)) throw new Error(`${where}: must be a mapping (username and password, or token)`);
  if (raw.token !== undefined) {
    if (typeof raw.token !== 'string' || raw.token === '')
      throw new Error(`${where}.token: must be the bearer token`);
    if (raw.username !== undefined || raw.password !== undefined)
      throw new Error(`${where}: give either token or username and password, not both`);
    return { type: 'bearer', token: raw.token };
  }
  if (typeof raw.username !== 'string' || raw.username === '' || typeof raw.password !== 'string')
    throw new Error(`${where}: give username and password (HTTP Basic), or token (a bearer token)`);
  return { type: 'basic', username: raw.username, password: raw.password };
}

function checkRemote(item: unknown, i: number): TaxiiRemoteConfig {
  const { raw, name, where } = namedItem(item, 'taxii.remotes', i);
  if (!isHttpUrl(raw.url))
    throw new Error(`${where}.url: must be the http(s) URL of the API root (…/taxii2/api/)`);
  if (typeof raw.collection !== 'string' || !/^[A-Za-z0-9._~-]{1,128}$/.test(raw.collection))
    throw new Error(`${where}.collection: must be the id of the collection at that API root`);
  if (typeof raw.organisation !== 'string' || raw.organisation === '')
    throw new Error(`${where}.organisation: name the organisation its objects are stored in`);
  const as = raw.as ?? 'alert';
  if (as !== 'alert' && as !== 'case') throw new Error(`${where}.as: must be alert or case`);
  if (raw.caseTemplate !== undefined && (typeof raw.caseTemplate !== 'string' || raw.caseTemplate === ''))
    throw new Error(`${where}.caseTemplate: must be a case template name`);
  return {
    name,
    url: (raw.url as string).replace(/\/*$/, '/'),
    collection: raw.collection,
    organisation: raw.organisation,
    as,
    caseTemplate: raw.caseTemplate as string | undefined,
    auth: checkAuth(raw.auth, `${where}.auth`),
    tls: checkTls(raw.tls, `${where}.tls`),
    intervalSeconds: positive(raw.intervalSeconds, 300, `${where}.intervalSeconds`),
    pageSize: positive(raw.pageSize, 100, `${where}.pageSize`),
  };
}

/** Checks the `taxii` section (defaults already merged in). */
export function checkTaxiiSettings(settings: TaxiiSettings): TaxiiSettings {
  const defaults = defaultTaxiiSettings();
  for (const key of ['maxContentLength', 'timeoutSeconds', 'maxResponseBytes'] as const)
    positive(settings[key], defaults[key], `taxii.${key}`);
  if (!isObject(settings.collections))
    throw new Error('taxii.collections: must be a mapping of collection aliases');
  for (const alias of Object.keys(settings.collections))
    if (!TAXII_COLLECTION_ALIASES.includes(alias as TaxiiCollectionAlias))
      throw new Error(
        `taxii.collections.${alias}: no such collection; the collections are ${TAXII_COLLECTION_ALIASES.join(', ')}`,
      );
  const collections = {} as Record<TaxiiCollectionAlias, TaxiiAccess>;
  for (const alias of TAXII_COLLECTION_ALIASES) {
    const raw = {
      ...defaults.collections[alias],
      ...(settings.collections[alias] as object | undefined),
    } as Record<string, unknown>;
    collections[alias] = {
      canRead: flag(raw.canRead, `taxii.collections.${alias}.canRead`),
      canWrite: flag(raw.canWrite, `taxii.collections.${alias}.canWrite`),
    };
  }
  if (collections.inbox.canRead)
    throw new Error(
      'taxii.collections.inbox.canRead: the inbox keeps no objects to read (its writes become alerts)',
    );
  const remotes = namedList(settings.remotes ?? [], 'taxii.remotes', checkRemote);
  return { ...settings, collections, remotes };
}
