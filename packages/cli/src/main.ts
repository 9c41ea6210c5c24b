#!/usr/bin/env node
/**
 * The propolis command. Each command lives in commands/<name>.ts; this file registers them and turns
 * the outcome into an exit code: 0 done, 1 failed, 2 wrong usage (support/errors.ts).
 */
import nodeModule from 'node:module';
import { VERSION } from '@propolis/server/version';
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerAlert } from './commands/alert.js';
import { registerAnalysis } from './commands/analysis.js';
import { registerBackup } from './commands/backup.js';
import { registerCompletion } from './commands/completion.js';
import { registerDb } from './commands/db.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerMigrate } from './commands/migrate.js';
import { registerMigrateFromTheHive } from './commands/migrate-from-thehive.js';
import { registerProfile } from './commands/profile.js';
import { registerRestore } from './commands/restore.js';
import { registerServe } from './commands/serve.js';
import { CommandError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, messageOf } from './support/errors.js';

// Node 22.1+ keeps the compiled code of the chunks loaded from here on (the server) in a cache in the
// temporary folder, so that later starts skip compiling them (NODE_DISABLE_COMPILE_CACHE=1 turns it
// off); Node 20 has no such cache and starts as before.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const program = new Command();
program
  .name('propolis')
  .description('Propolis security incident response platform')
  .version(VERSION)
  // Usage errors throw instead of exiting, so that they get exit code 2; set before the commands
  // are added, which inherit it.
  .exitOverride()
  .showHelpAfterError('(add --help for usage)');

registerServe(program);
registerAnalysis(program);
registerMigrate(program);
registerAdmin(program);
registerDoctor(program);
registerBackup(program);
registerRestore(program);
registerAlert(program);
registerDb(program);
registerExport(program);
registerImport(program);
registerMigrateFromTheHive(program);
registerProfile(program);
registerCompletion(program);

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // commander has printed the message (or the help) already
    process.exit(HELP_CODES.has(error.code) ? EXIT_OK : EXIT_USAGE);
  }
  process.stderr.write(`propolis: ${messageOf(error)}\n`);
  process.exit(error instanceof CommandError ? error.exitCode : EXIT_FAILURE);
});
