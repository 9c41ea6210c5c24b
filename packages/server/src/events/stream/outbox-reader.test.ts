/**
 * The outbox reader on a real database (SQLite, or PostgreSQL with DATABASE_URL): rows above the
 * cursor are delivered once, in id order; an id the cursor jumped over is delivered when it appears,
 * until it has been awaited too long; at most `maxGaps` ids are awaited, the nearest kept, and the
 * log says when some are given up. Rows are written with explicit ids to make the gaps.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type AuditRow, lastAuditId } from '../../db/repositories/audit-feed.js';
import { useTestServer } from '../../test-support/server.js';
import { OutboxReader, type OutboxReaderOptions } from './outbox-reader.js';

const server = useTestServer();
let base = 0;
const delivered: number[] = [];
const warnings: string[] = [];

beforeEach(async () => {
  delivered.length = 0;
  warnings.length = 0;
  base = (await lastAuditId(server.propolis.storage.db)) + 100_000;
});

async function write(...offsets: number[]): Promise<void> {
  await server.propolis.storage.db
    .insertInto('audit')
    .values(
      offsets.map((o) => ({
        id: base + o,
        request_id: `reader-${base + o}`,
        organisation_id: null,
        user_login: 'test',
        action: 'create',
        object_type: 'Case',
        object_id: `~${o}`,
        root_id: `~${o}`,
        details: '{}',
        main_action: 1,
        created_at: Date.now(),
      })),
    )
    .execute();
}

function reader(options: Partial<OutboxReaderOptions> = {}): OutboxReader {
  const r = new OutboxReader(
    server.propolis.storage.db,
    (rows: AuditRow[]) => delivered.push(...rows.map((row) => row.id - base)),
    () => true,
    (message) => warnings.push(message),
    { pollMs: 60_000, gapTtlMs: 60_000, maxGaps: 100, batch: 2, ...options },
  );
  r.restart(base);
  return r;
}

describe('outbox reader', () => {
  it('delivers the rows above its cursor once, in id order, over several batches', async () => {
    const r = reader();
    try {
      await write(1, 2, 3, 4, 5);
      await r.wake();
      await r.wake();
      expect(delivered).toEqual([1, 2, 3, 4, 5]);
      expect(r.awaitedUpTo(base + 5)).toEqual([]);
    } finally {
      r.stop();
    }
  });

  it('delivers an id it jumped over when that row appears, once', async () => {
    const r = reader();
    try {
      await write(1, 4);
      await r.wake();
      expect(delivered).toEqual([1, 4]);
      expect(r.awaitedUpTo(base + 4)).toEqual([base + 2, base + 3]);
      await write(3);
      await r.wake();
      await r.wake();
      expect(delivered).toEqual([1, 4, 3]);
      expect(r.awaitedUpTo(base + 4)).toEqual([base + 2]);
    } finally {
      r.stop();
    }
  });

  it('stops awaiting an id after the gap time', async () => {
    const r = reader({ gapTtlMs: 100 });
    try {
      await write(1, 3);
      await r.wake();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await write(2);
      await r.wake();
      expect(delivered).toEqual([1, 3]);
      expect(r.awaitedUpTo(base + 3)).toEqual([]);
    } finally {
      r.stop();
    }
  });

  it('awaits at most maxGaps ids, the nearest ones, and logs what it gives up', async () => {
    const r = reader({ maxGaps: 3 });
    try {
      await write(1, 10);
      await r.wake();
      // a wide jump: only the ids just below the new row can still be in flight
      expect(r.awaitedUpTo(base + 10)).toEqual([base + 7, base + 8, base + 9]);
      expect(warnings).toEqual([]);
      await write(12);
      await r.wake();
      expect(r.awaitedUpTo(base + 12)).toEqual([base + 8, base + 9, base + 11]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/more than 3 audit ids awaited; 1 oldest no longer followed/);
      await write(7, 8);
      await r.wake();
      expect(delivered).toEqual([1, 10, 12, 8]);
    } finally {
      r.stop();
    }
  });
});
