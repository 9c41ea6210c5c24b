/**
 * `propolis serve`: starts the platform with the analysis engine embedded (what `npm start` runs).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { limitHeapGrowth } from '../support/heap-growth.js';
import { analysis, server } from '../support/lazy.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the platform (SQLite in PROPOLIS_DATA_DIR, or PostgreSQL when DATABASE_URL is set)')
    .option('-c, --config <file>', 'YAML configuration file (else PROPOLIS_CONFIG)')
    .option('-p, --port <port>', 'port to listen on (else PROPOLIS_PORT, default 9000)')
    .option('-H, --host <host>', 'address to listen on (else PROPOLIS_HOST, default 127.0.0.1)')
    .action(async (options: { config?: string; port?: string; host?: string }) => {
      limitHeapGrowth();
      const [{ analysisExtension }, { loadConfig, startServer }] = await Promise.all([analysis(), server()]);
      const env = { ...process.env };
      if (options.port) env.PROPOLIS_PORT = options.port;
      if (options.host) env.PROPOLIS_HOST = options.host;
      const config = loadConfig(env, options.config);
      // the web UI built beside this command (packages/web/dist), unless the configuration names one
      // (resolved from the bundle, packages/cli/dist/propolis.mjs)
      if (!config.web.dir) {
        const built = fileURLToPath(new URL('../../web/dist', import.meta.url));
        if (existsSync(path.join(built, 'index.html'))) config.web.dir = built;
      }
      await startServer(config, { extensions: [analysisExtension()] });
    });
}
