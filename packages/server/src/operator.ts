/**
 * What the `propolis` command's operator verbs (migrate, admin, doctor, db copy) build on: the
 * storage, its migrations, first-start seeding, and the domain commands that administer users and
 * organisations, run as the platform's system account in the admin organisation. Exported as
 * `@propolis/server/operator`; the public API of the package stays in index.ts.
 */
import { ADMIN_PERMISSIONS, ORGANISATION_PERMISSIONS } from '@propolis/core';
import { Authenticator } from './auth/authenticate.js';
import { AddressThrottle } from './auth/throttle.js';
import type { Config } from './config.js';
import { openStorage, type Storage } from './db/database.js';
import { migrate, migrationStatus } from './db/migrate.js';
import { organisationByName } from './db/repositories/organisations.js';
import { bootstrap } from './domain/bootstrap.js';
import { ADMIN_ORGANISATION, type RequestContext, SYSTEM_LOGIN } from './domain/context.js';
import type { Deps } from './domain/deps.js';

export { type Config, loadConfig } from './config.js';
export { type Dialect, openStorage, type Storage } from './db/database.js';
export { migrate, migrationStatus } from './db/migrate.js';
export type { Database } from './db/schema.js';
export { ADMIN_LOGIN, bootstrap } from './domain/bootstrap.js';
export type { RequestContext } from './domain/context.js';
export type { Deps } from './domain/deps.js';
export {
  createOrganisation,
  getOrganisation,
  listOrganisations,
} from './domain/organisations/organisations.js';
export { renewApiKey } from './domain/users/api-key.js';
export { createUser } from './domain/users/create-user.js';
export { setPassword } from './domain/users/passwords.js';
export { getUser } from './domain/users/read-users.js';
export { VERSION } from './version.js';

export interface Operator {
  storage: Storage;
  deps: Deps;
  /** The system account acting in the admin organisation with every permission. */
  ctx: RequestContext;
  close(): Promise<void>;
}

/**
 * Opens the configured database for an operator command. The schema must be current (the command
 * says to run `propolis migrate` otherwise), so that a command never changes a database silently.
 */
export async function openOperator(config: Config, requestId: string): Promise<Operator> {
  const storage = openStorage(config);
  try {
    const { pending } = await migrationStatus(storage);
    if (pending.length > 0)
      throw new Error(
        `the database is not up to date (${pending.length} migration(s) pending): run \`propolis migrate\` first`,
      );
    const admin = await organisationByName(storage.db, ADMIN_ORGANISATION);
    if (!admin) throw new Error('the database has no admin organisation: run `propolis migrate` first');
    const addressThrottle = new AddressThrottle(1, 1000);
    const deps: Deps = {
      db: storage.db,
      config,
      authenticator: new Authenticator(storage.db, config, addressThrottle),
      addressThrottle,
    };
    const ctx: RequestContext = {
      requestId,
      actor: {
        userId: 0,
        login: SYSTEM_LOGIN,
        name: 'propolis command',
        organisationId: admin.id,
        organisationName: ADMIN_ORGANISATION,
        profileName: 'admin',
        permissions: new Set<string>([...ADMIN_PERMISSIONS, ...ORGANISATION_PERMISSIONS]),
      },
    };
    return { storage, deps, ctx, close: () => storage.close() };
  } catch (error) {
    await storage.close();
    throw error;
  }
}

/** `propolis migrate`: applies pending migrations and seeds a new database (admin account, profiles). */
export async function migrateAndSeed(config: Config) {
  const storage = openStorage(config);
  try {
    const applied = await migrate(storage);
    const seeded = await bootstrap({ db: storage.db, config });
    return { applied, ...seeded };
  } finally {
    await storage.close();
  }
}
