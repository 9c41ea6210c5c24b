/**
 * Request helpers of the Cortex face: query-string parameters merged into the body (as Cortex's
 * elastic4play does), body keys starting with "_" refused, Scala durations (`waitreport?atMost=`),
 * and the fields of a run request from JSON or multipart (`_json` + a file part `data`/`attachment`).
 */
import { badRequest } from '@propolis/core';
import { isMultipartRequest, readMultipart } from '@propolis/server/extension';
import type { FastifyRequest } from 'fastify';
import type { RunRequest } from '../domain/run-job.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body's fields with the query string's merged in; keys starting with "_" are refused. */
export function fieldsOf(request: FastifyRequest, body: unknown = request.body): Record<string, unknown> {
  if (body !== undefined && body !== null && !isObject(body))
    throw badRequest('The body must be a JSON object');
  const fields: Record<string, unknown> = {
    ...((request.query as Record<string, unknown>) ?? {}),
    ...(body ?? {}),
  };
  const hidden = Object.keys(fields).filter((k) => k.startsWith('_'));
  if (hidden.length > 0) throw badRequest(`Fields starting with "_" are not accepted: ${hidden.join(', ')}`);
  return fields;
}

const UNITS: Record<string, number> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** `1minute`, `10 seconds`, `500ms`, `Inf` (→ Infinity); a bare number is seconds. */
export function parseDuration(text: string | undefined, fallbackMs: number): number {
  if (text === undefined || text === '') return fallbackMs;
  const t = text.trim();
  if (/^(inf|infinite|plusinf|duration\.inf)$/i.test(t)) return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(t);
  const unit = m ? (m[2] === '' ? 1000 : UNITS[m[2]!.toLowerCase()]) : undefined;
  if (!m || unit === undefined)
    throw badRequest(`atMost: "${text}" is not a duration (e.g. 1minute, 30 seconds, 500ms, Inf)`);
  return Number(m[1]) * unit;
}

const toInt = (name: string, v: unknown): number | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`${name}: must be a whole number`);
  return n;
};

const toBool = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

/** A run request from JSON, the legacy Cortex 1 body (`attributes`), or multipart. */
export async function readRunRequest(request: FastifyRequest): Promise<RunRequest> {
  let fields: Record<string, unknown>;
  let file: RunRequest['file'];
  if (isMultipartRequest(request)) {
    const body = await readMultipart(request);
    fields = fieldsOf(request, body.json ?? {});
    for (const [k, v] of Object.entries(body.fields)) if (!(k in fields)) fields[k] = v;
    const part = body.files.find((f) => f.field === 'data' || f.field === 'attachment');
    if (part) file = { filename: part.filename, contentType: part.contentType, bytes: part.bytes };
    if (body.files.length > 1) throw badRequest('Send one file per job (a part named data or attachment)');
  } else {
    fields = fieldsOf(request);
  }
  if (isObject(fields.attributes)) fields = { ...fields.attributes, data: fields.data, force: fields.force };
  const parameters = fields.parameters;
  if (parameters !== undefined && !isObject(parameters)) throw badRequest('parameters: must be an object');
  return {
    dataType: String(fields.dataType ?? ''),
    data: fields.data,
    file,
    tlp: toInt('tlp', fields.tlp),
    pap: toInt('pap', fields.pap),
    message: fields.message === undefined || fields.message === null ? undefined : String(fields.message),
    parameters: parameters as Record<string, unknown> | undefined,
    label: typeof fields.label === 'string' ? fields.label : undefined,
    force: toBool(fields.force),
  };
}
