/**
 * `propolis migrate`: applies the pending migrations to the configured database and seeds a new one
 * (built-in profiles, observable types, the admin organisation and admin@thehive.local). The
 * generated admin password of a new database is printed once, as `propolis serve` does.
 */
import type { Command } from 'commander';
import { describeStorage, serverConfig, withConfigOption } from '../support/config.js';
import { operator } from '../support/lazy.js';
import { report } from '../support/output.js';

export function registerMigrate(program: Command): void {
  withConfigOption(
    program
      .command('migrate')
      .description('apply pending database migrations and seed a new database (safe to run again)'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (options: { config?: string; json?: boolean }) => {
      const config = await serverConfig(options);
      const result = await (await operator()).migrateAndSeed(config);
      report(
        options,
        {
          storage: config.databaseUrl ? 'postgres' : 'sqlite',
          applied: result.applied,
          createdAdmin: result.createdAdmin,
          ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}),
        },
        () =>
          [
            `${describeStorage(config)}: ${result.applied.length ? `applied ${result.applied.join(', ')}` : 'already up to date'}`,
            result.generatedPassword
              ? `Created admin@thehive.local with the generated password: ${result.generatedPassword}\nThis password will not be shown again.`
              : result.createdAdmin
                ? 'Created admin@thehive.local with PROPOLIS_ADMIN_PASSWORD.'
                : '',
          ]
            .filter(Boolean)
            .join('\n'),
      );
    });
}
