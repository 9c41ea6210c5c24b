/**
 * Versioned migrations, applied in order at start on both dialects. Add a file under migrations/
 * and list it here; never edit a migration that has shipped.
 */
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Storage } from './database.js';
import { indexNewRows } from './fulltext-at-commit.js';
import * as m0001 from './migrations/0001-identity.js';
import * as m0002 from './migrations/0002-cases.js';
import * as m0003 from './migrations/0003-observables.js';
import * as m0005 from './migrations/0005-alerts.js';
import * as m0006 from './migrations/0006-query-indexes.js';
import * as m0007 from './migrations/0007-fulltext.js';
import * as m0009 from './migrations/0009-alert-rollup.js';
import * as m0010 from './migrations/0010-similarity.js';
import * as m0011 from './migrations/0011-case-status-stats.js';
import * as m0012 from './migrations/0012-pg-read-indexes.js';
import * as m0014 from './migrations/0014-notifications.js';
import * as m0015 from './migrations/0015-analysis.js';
import * as m0016 from './migrations/0016-share-writes-task-actions.js';
import * as m0017 from './migrations/0017-feeders.js';
import * as m0018 from './migrations/0018-collaboration.js';
import * as m0019 from './migrations/0019-sharing-attachments-dashboards.js';
import * as m0020 from './migrations/0020-sso.js';
import * as m0021 from './migrations/0021-case-observable-counts.js';
import * as m0022 from './migrations/0022-notification-claim.js';
import * as m0023 from './migrations/0023-misp.js';
import * as m0024 from './migrations/0024-workflow-origin.js';
import * as m0025 from './migrations/0025-case-report-templates.js';
import * as m0026 from './migrations/0026-saved-views-settings.js';
import * as m0027 from './migrations/0027-user-config.js';
import * as m0028 from './migrations/0028-password-history.js';
import * as m0029 from './migrations/0029-analysis-config-templates.js';
import * as m0030 from './migrations/0030-taxii-exchange.js';
import * as m0035 from './migrations/0035-one-user-settings-store.js';
import * as m0036 from './migrations/0036-one-observable-value-index.js';
import * as m0037 from './migrations/0037-fulltext-at-commit.js';
import * as m0038 from './migrations/0038-one-delivery-index-per-object.js';

type DialectMigration = {
  up: (db: Parameters<Migration['up']>[0], dialect: Storage['dialect']) => Promise<void>;
};

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-identity': m0001,
  '0002-cases': m0002,
  '0003-observables': m0003,
  '0005-alerts': m0005,
  '0006-query-indexes': m0006,
  '0007-fulltext': m0007,
  '0009-alert-rollup': m0009,
  '0010-similarity': m0010,
  '0011-case-status-stats': m0011,
  '0012-pg-read-indexes': m0012,
  '0014-notifications': m0014,
  '0015-analysis': m0015,
  '0016-share-writes-task-actions': m0016,
  '0017-feeders': m0017,
  '0018-collaboration': m0018,
  '0019-sharing-attachments-dashboards': m0019,
  '0020-sso': m0020,
  '0021-case-observable-counts': m0021,
  '0022-notification-claim': m0022,
  '0023-misp': m0023,
  '0024-workflow-origin': m0024,
  '0025-case-report-templates': m0025,
  '0026-saved-views-settings': m0026,
  '0027-user-config': m0027,
  '0028-password-history': m0028,
  '0029-analysis-config-templates': m0029,
  '0030-taxii-exchange': m0030,
  '0035-one-user-settings-store': m0035,
  '0036-one-observable-value-index': m0036,
  '0037-fulltext-at-commit': m0037,
  '0038-one-delivery-index-per-object': m0038,
};

export async function migrate(storage: Storage): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      // Kysely does not wrap SQLite migrations in a transaction; SQLite's DDL is transactional, so a
      // migration cut short (a stopped server, a failed statement) leaves nothing half done.
      for (const [name, m] of Object.entries(MIGRATIONS))
        out[name] = {
          up: (db) =>
            storage.dialect === 'sqlite'
              ? db.transaction().execute((trx) => m.up(trx, storage.dialect))
              : m.up(db, storage.dialect),
        };
      return out;
    },
  };
  // Numbers are reserved per piece of work and land in any order: a database that has applied a
  // later number still takes an earlier one that arrives after it (each migration is independent).
  const migrator = new Migrator({ db: storage.db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  // rows inserted by a write that did not go through group commit are indexed now (db/fulltext-at-commit.ts)
  if (storage.dialect === 'sqlite') await storage.db.transaction().execute(indexNewRows);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Which migrations this build knows, and which of them the database has applied (nothing is changed). */
export async function migrationStatus(storage: Storage): Promise<{ applied: string[]; pending: string[] }> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const name of Object.keys(MIGRATIONS)) out[name] = { up: async () => {} };
      return out;
    },
  };
  const all = await new Migrator({ db: storage.db, provider }).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
