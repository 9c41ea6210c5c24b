/**
 * The `analysis:` section of the YAML configuration file, with its defaults. The server's loader
 * keeps unknown sections as they are; this module reads and checks this one.
 */
import path from 'node:path';

export interface AnalysisConfig {
  /** Run the engine inside `propolis serve` (true by default); the Cortex API is served either way. */
  enabled: boolean;
  /** Path prefix of the Cortex REST API on the main port: a Cortex client's base URL is `http://host:port<prefix>`. */
  pathPrefix: string;
  /** Folders (or JSON files) of Cortex analyzer definitions, as Cortex's `analyzer.urls`. */
  analyzerPaths: string[];
  /** Folders (or JSON files) of Cortex responder definitions, as Cortex's `responder.urls`. */
  responderPaths: string[];
  /** Where job folders are made; default `<dataDir>/jobs`. */
  jobDirectory: string;
  /** Keep job folders after the job (debugging). */
  keepJobFolder: boolean;
  /** Jobs this node runs at once, and at once per analyzer/responder definition. */
  concurrency: number;
  concurrencyPerWorker: number;
  /** Default job timeout in minutes (Cortex `job.timeout`), unless the worker sets `jobTimeout`. */
  jobTimeoutMinutes: number;
  /** Default cache window in minutes (Cortex `cache.job`); 0 disables the cache. */
  cacheMinutes: number;
  /** Largest output a worker may write (output folder, and stdout+stderr), in bytes. */
  maxOutputBytes: number;
  /**
   * Runners able to run a definition, in order of preference (Cortex's `job.runners`): `process`
   * runs its `command`, `docker` its `dockerImage`; the first that can run a definition runs it.
   */
  runners: string[];
  /** Per definition (id or name): the runner to use instead of the first able one. */
  workerRunners: Record<string, string>;
  /** The docker CLI (a name looked up in PATH, or a path). */
  dockerCommand: string;
  /** `docker run --network` of worker containers; empty: docker's default (bridge). */
  dockerNetwork: string;
  /** `docker run --user`; empty: this process's uid:gid (the job folder stays ours). */
  dockerUser: string;
  /** `docker run --cpus`; 0: no limit. */
  dockerCpus: number;
  /** More `docker run` arguments, placed before the image (e.g. `--dns=10.0.0.53`). */
  dockerArgs: string[];
  /** Virtual memory limit of a worker process (ulimit -v; docker: --memory), in MiB; 0 = none. */
  maxMemoryMb: number;
  /** Largest file a job may be run on, in bytes. */
  maxFileBytes: number;
  /** Environment of worker processes: nothing is inherited but these (and PATH below). */
  env: Record<string, string>;
  /** PATH of worker processes. /usr/bin first: Cortex workers run `/usr/bin/env python3`. */
  path: string;
  /** A job's lease: a node renews it while running; after it runs out the job is taken again. */
  leaseSeconds: number;
  /** Runs of a job whose node died before it is failed. */
  maxAttempts: number;
  /** How often a node looks for work queued by other nodes, in milliseconds. */
  pollMilliseconds: number;
  /** Longest `waitreport` wait, in seconds (Cortex4py asks for "Inf"). */
  maxWaitSeconds: number;
  /** Built-in analyzers offered to organisations (all by default). */
  builtins: boolean;
  /** External Cortex servers TheHive's connector also offers (TheHive's `cortex.servers`). */
  cortexServers: CortexServer[];
  /** Folders or files of local lists (MISP warninglists JSON, CSV or one value a line) for Propolis_ListLookup. */
  listPaths: string[];
  /** MaxMind-format databases (city, ASN...) Propolis_GeoIp reads besides the bundled country one. */
  geoipDatabases: string[];
  /** YARA rules files or folders (`.yar`, `.yara`) Propolis_Yara matches files against. */
  yaraRulePaths: string[];
  /** Folders of custom report templates (`<analyzer name>/short.liquid`, `long.liquid`). */
  reportTemplatePaths: string[];
}

export interface CortexServer {
  /** The `cortexId` clients name it by (not `local`). */
  name: string;
  /** Base URL, the one given to Cortex4py (`https://cortex.example:9001`, or `http://host/cortex` for a Propolis). */
  url: string;
  /** API key of a Cortex user (role analyze) in the organisation to use there. */
  key: string;
  /** Only these analyzers (by name), when given; never the excluded ones. */
  includedAnalyzers?: string[];
  excludedAnalyzers?: string[];
}

export const defaultAnalysisConfig = (dataDir: string): AnalysisConfig => ({
  enabled: true,
  pathPrefix: '/cortex',
  analyzerPaths: [],
  responderPaths: [],
  jobDirectory: path.join(dataDir, 'jobs'),
  keepJobFolder: false,
  concurrency: 4,
  concurrencyPerWorker: 4,
  jobTimeoutMinutes: 30,
  cacheMinutes: 10,
  maxOutputBytes: 64 * 1024 * 1024,
  maxMemoryMb: 2048,
  runners: ['process'],
  workerRunners: {},
  dockerCommand: 'docker',
  dockerNetwork: '',
  dockerUser: '',
  dockerCpus: 0,
  dockerArgs: [],
  maxFileBytes: 100 * 1024 * 1024,
  env: {},
  path: '/usr/local/bin:/usr/bin:/bin',
  leaseSeconds: 60,
  maxAttempts: 2,
  pollMilliseconds: 1000,
  maxWaitSeconds: 600,
  builtins: true,
  cortexServers: [],
  listPaths: [],
  geoipDatabases: [],
  yaraRulePaths: [],
  reportTemplatePaths: [],
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `raw` (the YAML `analysis:` mapping, or overrides) over the defaults; throws on a wrong type. */
export function readAnalysisConfig(raw: unknown, dataDir: string): AnalysisConfig {
  const config = defaultAnalysisConfig(dataDir);
  if (raw === undefined || raw === null) return config;
  if (!isObject(raw)) throw new Error('analysis: must be a mapping');
  const out: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in config)) throw new Error(`analysis.${key}: is not a known setting`);
    if (value === undefined) continue;
    const reference = (config as unknown as Record<string, unknown>)[key];
    if (key === 'cortexServers') {
      out[key] = readServers(value);
      continue;
    }
    if (Array.isArray(reference)) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        throw new Error(`analysis.${key}: must be a list of strings`);
    } else if (isObject(reference)) {
      if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string'))
        throw new Error(`analysis.${key}: must be a mapping of strings`);
    } else if (typeof value !== typeof reference || (typeof value === 'number' && !(value >= 0))) {
      throw new Error(`analysis.${key}: must be a ${typeof reference}, got ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  const result = out as unknown as AnalysisConfig;
  result.analyzerPaths = result.analyzerPaths.map((p) => path.resolve(p));
  result.responderPaths = result.responderPaths.map((p) => path.resolve(p));
  result.listPaths = result.listPaths.map((p) => path.resolve(p));
  result.geoipDatabases = result.geoipDatabases.map((p) => path.resolve(p));
  result.yaraRulePaths = result.yaraRulePaths.map((p) => path.resolve(p));
  result.reportTemplatePaths = result.reportTemplatePaths.map((p) => path.resolve(p));
  result.jobDirectory = path.resolve(result.jobDirectory);
  if (!result.pathPrefix.startsWith('/') || result.pathPrefix === '/' || result.pathPrefix.endsWith('/'))
    throw new Error('analysis.pathPrefix: must start with "/" and not end with it, e.g. /cortex');
  const runners = ['process', 'docker'];
  for (const r of [...result.runners, ...Object.values(result.workerRunners)])
    if (!runners.includes(r)) throw new Error(`analysis.runners: "${r}" is not a runner (process, docker)`);
  if (result.concurrency < 1 || result.concurrencyPerWorker < 1)
    throw new Error('analysis.concurrency: must be at least 1');
  return result;
}

function readServers(value: unknown): CortexServer[] {
  if (!Array.isArray(value)) throw new Error('analysis.cortexServers: must be a list');
  return value.map((v, i) => {
    const where = `analysis.cortexServers[${i}]`;
    if (!isObject(v)) throw new Error(`${where}: must be a mapping with name, url and key`);
    for (const k of ['name', 'url', 'key'] as const)
      if (typeof v[k] !== 'string' || v[k] === '')
        throw new Error(`${where}.${k}: must be a non-empty string`);
    if (v.name === 'local') throw new Error(`${where}.name: "local" is the embedded engine`);
    if (!/^https?:\/\//.test(String(v.url))) throw new Error(`${where}.url: must be an http(s) URL`);
    const list = (k: string) => {
      if (v[k] === undefined) return undefined;
      if (!Array.isArray(v[k]) || (v[k] as unknown[]).some((x) => typeof x !== 'string'))
        throw new Error(`${where}.${k}: must be a list of analyzer names`);
      return v[k] as string[];
    };
    return {
      name: String(v.name),
      url: String(v.url).replace(/\/+$/, ''),
      key: String(v.key),
      includedAnalyzers: list('includedAnalyzers'),
      excludedAnalyzers: list('excludedAnalyzers'),
    };
  });
}
