#!/usr/bin/env node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analysisExtension } from '@propolis/analysis';
import { buildPropolis, loadConfig, startServer, VERSION } from '@propolis/server';
/**
 * The propolis command: `propolis serve` starts the platform with the analysis engine embedded;
 * `propolis analysis serve` runs the analysis engine alone, claiming jobs from the shared database.
 */
import { Command } from 'commander';

const program = new Command();
program.name('propolis').description('Propolis security incident response platform').version(VERSION);

program
  .command('serve')
  .description('start the platform (SQLite in PROPOLIS_DATA_DIR, or PostgreSQL when DATABASE_URL is set)')
  .option('-c, --config <file>', 'YAML configuration file (else PROPOLIS_CONFIG)')
  .option('-p, --port <port>', 'port to listen on (else PROPOLIS_PORT, default 9000)')
  .option('-H, --host <host>', 'address to listen on (else PROPOLIS_HOST, default 127.0.0.1)')
  .action(async (options: { config?: string; port?: string; host?: string }) => {
    const env = { ...process.env };
    if (options.port) env.PROPOLIS_PORT = options.port;
    if (options.host) env.PROPOLIS_HOST = options.host;
    const config = loadConfig(env, options.config);
    // the web UI built beside this command (packages/web/dist), unless the configuration names one
    if (!config.web.dir) {
      const built = fileURLToPath(new URL('../../web/dist', import.meta.url));
      if (existsSync(path.join(built, 'index.html'))) config.web.dir = built;
    }
    await startServer(config, { extensions: [analysisExtension()] });
  });

const analysis = program
  .command('analysis')
  .description('the analysis engine (Cortex analyzers and responders)');
analysis
  .command('serve')
  .description(
    'run the analysis engine alone: it claims the jobs queued in the database (PostgreSQL, shared with the platform nodes) and runs them; no HTTP',
  )
  .option('-c, --config <file>', 'YAML configuration file (else PROPOLIS_CONFIG)')
  .action(async (options: { config?: string }) => {
    const config = loadConfig(process.env, options.config);
    const extension = analysisExtension();
    const propolis = await buildPropolis(config, { extensions: [extension] });
    propolis.app.log.info(
      `Propolis analysis engine ${extension.engine?.nodeId} running (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})`,
    );
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await propolis.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`propolis: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
