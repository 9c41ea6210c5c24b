/**
 * What goes into a worker (Cortex's input.json, plus the file of a file observable) and what comes
 * out of it (output.json, checked and normalised as Cortex checks it).
 */

/** The input of a job, as written to input/input.json (the file itself travels apart). */
export interface WorkerInput {
  /** Analyzers: the observable's value; responders: the TheHive entity (an object). */
  data?: unknown;
  dataType: string;
  tlp: number;
  pap: number;
  message: string;
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
}

export interface InputFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** An artifact a worker reported, with its file's bytes read from output/. */
export interface ReportedArtifact {
  dataType: string;
  data?: string;
  file?: InputFile;
  tlp?: number;
  tags?: string[];
  message?: string;
}

export interface Taxonomy {
  level: string;
  namespace: string;
  predicate: string;
  value: unknown;
}

export type WorkerResult =
  | {
      success: true;
      summary: Record<string, unknown>;
      full: Record<string, unknown>;
      operations: Record<string, unknown>[];
      artifacts: ReportedArtifact[];
    }
  | { success: false; errorMessage: string; input?: unknown };

const ARTIFACT_KEYS = new Set([
  'dataType',
  'data',
  'file',
  'filename',
  'contentType',
  'tlp',
  'tags',
  'message',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const failure = (errorMessage: string, input?: unknown): WorkerResult => ({
  success: false,
  errorMessage,
  ...(input !== undefined ? { input } : {}),
});

/**
 * Checks a worker's output as Cortex does: `success` must be true for a report, `full` must be an
 * object, artifacts may only carry artifact attributes (anything else fails the job), file artifacts
 * name a file directly inside output/.
 */
export function interpretOutput(
  raw: unknown,
  readOutputFile: (name: string) => Buffer | undefined,
): WorkerResult {
  if (!isObject(raw)) return failure('Invalid output: output.json is not a JSON object');
  if (raw.success !== true) {
    const message = typeof raw.errorMessage === 'string' ? raw.errorMessage : 'The worker reported a failure';
    return failure(message, raw.input);
  }
  if (!isObject(raw.full)) return failure('Report creation failure: "full" must be a JSON object');
  const summary = isObject(raw.summary) ? raw.summary : {};
  const operations = Array.isArray(raw.operations) ? raw.operations.filter(isObject) : [];
  const artifacts: ReportedArtifact[] = [];
  for (const [i, a] of (Array.isArray(raw.artifacts) ? raw.artifacts : []).entries()) {
    if (!isObject(a) || typeof a.dataType !== 'string') continue;
    const unknown = Object.keys(a).filter((k) => !ARTIFACT_KEYS.has(k));
    if (unknown.length > 0)
      return failure(`Report creation failure: artifact ${i} has unknown attribute(s) ${unknown.join(', ')}`);
    const artifact: ReportedArtifact = { dataType: a.dataType };
    if (a.tlp !== undefined) {
      if (typeof a.tlp !== 'number')
        return failure(`Report creation failure: artifact ${i}: tlp must be a number`);
      artifact.tlp = a.tlp;
    }
    if (a.tags !== undefined) {
      if (!Array.isArray(a.tags) || a.tags.some((t) => typeof t !== 'string'))
        return failure(`Report creation failure: artifact ${i}: tags must be a list of strings`);
      artifact.tags = a.tags as string[];
    }
    if (a.message !== undefined) artifact.message = String(a.message);
    if (a.dataType === 'file' && a.file !== undefined) {
      const name = String(a.file);
      if (
        name.includes('/') ||
        name.includes('\\') ||
        name === '..' ||
        name === '.' ||
        name === 'output.json'
      )
        return failure(
          `Report creation failure: artifact ${i}: file "${name}" is not a file of the output folder`,
        );
      const bytes = readOutputFile(name);
      if (!bytes)
        return failure(
          `Report creation failure: artifact ${i}: file "${name}" is missing from the output folder`,
        );
      artifact.file = {
        filename: typeof a.filename === 'string' && a.filename ? a.filename : name,
        contentType:
          typeof a.contentType === 'string' && a.contentType ? a.contentType : 'application/octet-stream',
        bytes,
      };
    } else {
      if (a.data === undefined || a.data === null)
        return failure(`Report creation failure: artifact ${i}: data is missing`);
      artifact.data = typeof a.data === 'string' ? a.data : JSON.stringify(a.data);
    }
    artifacts.push(artifact);
  }
  return { success: true, summary, full: raw.full, operations, artifacts };
}

/** The summary's taxonomies, each with a known level (cortexutils turns any other level into info). */
export function taxonomiesOf(summary: Record<string, unknown>): Taxonomy[] {
  const list = Array.isArray(summary.taxonomies) ? summary.taxonomies : [];
  return list.filter(isObject).map((t) => ({
    level: ['info', 'safe', 'suspicious', 'malicious'].includes(String(t.level)) ? String(t.level) : 'info',
    namespace: String(t.namespace ?? ''),
    predicate: String(t.predicate ?? ''),
    value: t.value ?? '',
  }));
}
