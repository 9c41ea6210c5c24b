/**
 * The ingestion baseline: a bare Fastify route that inserts one alert row per request into the same
 * database (same table, same indexes), without authentication, validation, observables or audit.
 * What Propolis adds on top of it is what the ingestion ratio measures.
 *
 *   node bench/dist/baseline-server.js --port P (--data-dir DIR | --database-url URL) --organisation ID
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { openStorage } from '../../packages/server/dist/db/database.js';
import { indexesAtCommit } from '../../packages/server/dist/db/fulltext-at-commit.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string', default: '' },
    'database-url': { type: 'string', default: '' },
    organisation: { type: 'string' },
  },
});
const storage = openStorage({
  dataDir: values['data-dir']!,
  databaseUrl: values['database-url'] || undefined,
});
const organisationId = Number(values.organisation);
const app = Fastify({ logger: false });

// SQLite: Propolis indexes the words of new alerts at the end of each transaction rather than by an
// insert trigger (migration 0037, db/fulltext-at-commit.ts). So that the baseline's INSERT keeps
// doing what it did before (the row, its indexes and its full-text entry, in its own transaction),
// it gets the former trigger back on its own connection only (TEMP). Its rows are marked indexed
// when it stops, so that Propolis does not index them a second time.
const indexedAtCommit = storage.dialect === 'sqlite' && (await indexesAtCommit(storage.db));
if (indexedAtCommit)
  await sql`CREATE TEMP TRIGGER baseline_alert_fts AFTER INSERT ON alert BEGIN
    INSERT INTO alert_fts(rowid, title, description, summary) VALUES (new.id, new.title, new.description, new.summary);
  END`.execute(storage.db);

app.get('/api/health', async () => 'Ok');
app.post<{ Body: Record<string, unknown> }>('/alert', async (request, reply) => {
  const b = request.body;
  const now = Date.now();
  // The posted date, as Propolis stores it: the load generator dates alerts before the data set, so
  // rows left by this baseline never come first in the list scenario of a later run (--reuse).
  const date = typeof b.date === 'number' ? b.date : now;
  const row = await storage.db
    .insertInto('alert')
    .values({
      organisation_id: organisationId,
      type: String(b.type),
      source: String(b.source),
      source_ref: String(b.sourceRef),
      external_link: null,
      title: String(b.title),
      description: String(b.description ?? ''),
      severity: Number(b.severity ?? 2),
      date,
      last_sync_date: now,
      tags: JSON.stringify(b.tags ?? []),
      flag: 0,
      tlp: 2,
      pap: 2,
      status: 'New',
      stage: 'New',
      read: 0,
      follow: 1,
      assignee: null,
      summary: null,
      case_template: null,
      case_id: null,
      import_date: null,
      handling_duration: null,
      observable_count: 0,
      in_progress_date: null,
      closed_date: null,
      created_at: now,
      created_by: 'baseline',
      updated_at: null,
      updated_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return reply.code(201).send({ _id: `~${row.id}` });
});

const close = async () => {
  await app.close();
  if (indexedAtCommit)
    await sql`UPDATE fulltext_indexed SET last_id = (SELECT max(id) FROM alert) WHERE tbl = 'alert'`.execute(
      storage.db,
    );
  await storage.close();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
await app.listen({ port: Number(values.port), host: '127.0.0.1' });
