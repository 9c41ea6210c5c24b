/**
 * The delivery claim's candidates: per-object order (a later event of an object waits while an
 * earlier one is undelivered), and the "earlier event of this object" lookup going by object
 * whatever the table's statistics say. With the statistics of an ANALYZE of a handful of rows (a
 * new table: a fresh install or restore), PostgreSQL once looked the earlier events up by
 * notification alone, or along the whole backlog, for each candidate: claims of hundreds of
 * milliseconds and deliveries at ~90/s (migration 0038).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { queryPlan } from '../../test-support/explain.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import { claimCandidates } from './notification-deliveries.js';

// Far beyond now: the server's own deliverer never finds these rows due.
const LATER = 2 ** 50;

describe('the delivery claim', () => {
  const server = useTestServer();
  const org = useOrganisation(server, 'claim-soc');

  // the few rows analysed: delivered ones made (status, audit_id) look free, pending ones the unique
  // key on (notification, notifier, event)
  it.each(['delivered', 'pending'])(
    'looks earlier events up by object, even with statistics of a handful of %s rows',
    async (analysed) => {
      const { db, dialect } = server.propolis.storage;
      const postgres = dialect === 'postgres';
      const made = await db
        .insertInto('notification')
        .values({
          organisation_id: org.id,
          name: `claim plan ${analysed}`,
          trigger: JSON.stringify({ name: 'AlertCreated' }),
          notifiers: JSON.stringify([{ name: 'Webhook', url: 'http://127.0.0.1:9/none', version: 0 }]),
          enabled: 0,
          user_id: null,
          origin: 'api',
          config_entry: null,
          start_audit_id: 0,
          created_at: 0,
          created_by: 'test',
          updated_at: null,
          updated_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const delivery = (auditId: number, objectKey: string, status: string) => ({
        organisation_id: org.id,
        notification_id: made.id,
        notifier_index: 0,
        audit_id: auditId,
        object_key: objectKey,
        status,
        attempts: 0,
        next_attempt_at: LATER,
        lease_until: status === 'sending' ? LATER : null,
        payload: '{}',
        last_error: null,
        event_at: 0,
        created_at: 0,
        delivered_at: null,
      });
      const insert = async (rows: ReturnType<typeof delivery>[]) => {
        for (let i = 0; i < rows.length; i += 500)
          await db
            .insertInto('notification_delivery')
            .values(rows.slice(i, i + 500))
            .execute();
      };
      // a few events analysed, then the log grows: what a new installation's first minutes look like
      await insert([1, 2, 3, 4, 5].map((i) => delivery(i, `first-${i}`, analysed)));
      await sql`ANALYZE notification_delivery`.execute(db);
      await insert(Array.from({ length: 3000 }, (_, i) => delivery(10 + i, `object-${i}`, 'delivered')));
      // object-a: its first event is being sent, its second waits; object-b: due in order
      await insert([
        delivery(5000, 'object-a', 'sending'),
        delivery(5001, 'object-a', 'pending'),
        delivery(5002, 'object-b', 'pending'),
        delivery(5003, 'object-b', 'pending'),
        ...Array.from({ length: 1000 }, (_, i) => delivery(6000 + i, `later-${i}`, 'pending')),
      ]);

      const candidates = claimCandidates(db, postgres, 'pending', LATER + 1, 8);
      const found = await db
        .transaction()
        .execute((trx) => claimCandidates(trx, postgres, 'pending', LATER + 1, 8).execute());
      const ids = await db
        .selectFrom('notification_delivery')
        .select(['id', 'audit_id'])
        .where('notification_id', '=', made.id)
        .execute();
      const auditOf = new Map(ids.map((r) => [r.id, r.audit_id]));
      // 5001 waits for 5000 (object-a, sending); 5003 waits for 5002 (object-b, pending)
      const first = analysed === 'pending' ? [1, 2, 3, 4, 5] : [];
      expect(found.map((r) => auditOf.get(r.id))).toEqual(
        [...first, 5002, 6000, 6001, 6002, 6003, 6004, 6005, 6006].slice(0, 8),
      );

      // the plan the server gets: sequential scans left on
      const plan = (await queryPlan(db, dialect, candidates.compile(), [], { seqScans: true })).join('\n');
      // the subquery on `e` searches by notification, notifier, object and event, not by notification alone
      if (postgres)
        expect(plan).toMatch(
          /Index (Only )?Scan using \w+ on notification_delivery e\b.*\n\s*Index Cond: \(.*\(object_key\)::text = \(d\.object_key\)::text/,
        );
      else expect(plan).toMatch(/SEARCH e USING INDEX \w+ \(.*object_key=\?.*\)/);
      await db.deleteFrom('notification').where('id', '=', made.id).execute();
      // the next case starts from an empty table, as a new installation does
      if (postgres) await sql`VACUUM notification_delivery`.execute(db);
    },
  );
});
