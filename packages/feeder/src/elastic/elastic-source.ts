/**
 * Elasticsearch / OpenSearch query polling: every `pollSeconds`, the feeder's query (query DSL) on
 * its index, restricted to documents at or after the cursor's time and sorted by time, `batchSize`
 * at a time. The cursor is the newest time read and the ids read at that very time, so that equal
 * timestamps are neither skipped nor read twice; the alerts' sourceRef (the document id) makes any
 * replay a duplicate. Answers are bounded in size and time.
 */
import type { ElasticSettings } from '../feeder-definition.js';
import { type FeederRuntime, type Source, sleep } from '../runtime.js';
import type { hitMapper, SearchHit } from './elastic-mapping.js';

export interface ElasticCursor {
  time: string;
  ids: string[];
}

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const isCursor = (v: unknown): v is ElasticCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ElasticCursor).time === 'string' &&
  Array.isArray((v as ElasticCursor).ids);

function authHeader(settings: ElasticSettings): Record<string, string> {
  if (settings.apiKey) return { authorization: `ApiKey ${settings.apiKey}` };
  if (settings.username)
    return {
      authorization: `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64')}`,
    };
  return {};
}

async function search(settings: ElasticSettings, cursor: ElasticCursor | undefined, signal: AbortSignal) {
  const filter: unknown[] = [];
  if (cursor) filter.push({ range: { [settings.timeField]: { gte: cursor.time } } });
  const body = {
    size: settings.batchSize + (cursor?.ids.length ?? 0),
    query: { bool: { must: [settings.query ?? { match_all: {} }], filter } },
    sort: [{ [settings.timeField]: { order: 'asc' } }],
  };
  const res = await fetch(
    `${settings.url.replace(/\/+$/, '')}/${encodeURIComponent(settings.index)}/_search`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeader(settings) },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutSeconds * 1000)]),
    },
  );
  const text = await res.text();
  if (text.length > MAX_ANSWER_BYTES) throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  if (!res.ok) throw new Error(`${settings.url} answered ${res.status}: ${text.slice(0, 300)}`);
  const answer = JSON.parse(text) as { hits?: { hits?: Array<SearchHit & { sort?: unknown[] }> } };
  return answer.hits?.hits ?? [];
}

export function elasticSource(settings: ElasticSettings, map: ReturnType<typeof hitMapper>): Source {
  return {
    async run(runtime: FeederRuntime) {
      let cursor = isCursor(runtime.cursor) ? runtime.cursor : undefined;
      while (!runtime.signal.aborted) {
        const hits = (await search(settings, cursor, runtime.signal)).filter(
          (h) => !(cursor && timeOf(h, settings) === cursor.time && cursor.ids.includes(h._id)),
        );
        if (hits.length === 0) {
          await sleep(settings.pollSeconds * 1000, runtime.signal);
          continue;
        }
        const batch = hits.slice(0, settings.batchSize);
        const last = timeOf(batch[batch.length - 1]!, settings);
        const atLast = batch.filter((h) => timeOf(h, settings) === last).map((h) => h._id);
        const next: ElasticCursor = {
          time: last,
          ids: cursor && cursor.time === last ? [...new Set([...cursor.ids, ...atLast])] : atLast,
        };
        const mapped = await map(batch);
        await runtime.deliver({ ...mapped, cursor: next });
        cursor = next;
        if (hits.length < settings.batchSize) await sleep(settings.pollSeconds * 1000, runtime.signal);
      }
    },
  };
}

function timeOf(hit: SearchHit, settings: ElasticSettings): string {
  const v = hit._source[settings.timeField];
  return typeof v === 'string' ? v : typeof v === 'number' ? new Date(v).toISOString() : '';
}
