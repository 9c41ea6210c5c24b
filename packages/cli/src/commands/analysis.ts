/**
 * `propolis analysis serve`: the analysis engine alone, claiming jobs from the shared database.
 */
import type { Command } from 'commander';
import { analysis as analysisModule, server } from '../support/lazy.js';

export function registerAnalysis(program: Command): void {
  const analysis = program
    .command('analysis')
    .description('the analysis engine (Cortex analyzers and responders)');
  analysis
    .command('serve')
    .description(
      "run the analysis engine alone: it claims the jobs queued in the database (PostgreSQL, shared with the platform nodes) and runs them; with --port, it also serves Cortex's API there (Cortex's port is 9001)",
    )
    .option('-c, --config <file>', 'YAML configuration file (else PROPOLIS_CONFIG)')
    .option('-p, --port <port>', "serve Cortex's API (/api/...) on this port, as a Cortex server does")
    .option('-H, --host <host>', 'address to listen on with --port (default 127.0.0.1)', '127.0.0.1')
    .action(async (options: { config?: string; port?: string; host: string }) => {
      const [{ analysisExtension }, { buildPropolis, loadConfig }] = await Promise.all([
        analysisModule(),
        server(),
      ]);
      const config = loadConfig(process.env, options.config);
      let ownPort: { port: number; host: string; logger: boolean } | undefined;
      if (options.port !== undefined) {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          process.stderr.write(`--port: a port number from 1 to 65535 is required, got "${options.port}"\n`);
          process.exit(2);
        }
        ownPort = { port, host: options.host, logger: true };
      }
      const extension = analysisExtension(undefined, { ownPort });
      const propolis = await buildPropolis(config, { extensions: [extension] });
      propolis.app.log.info(
        `Propolis analysis engine ${extension.engine?.nodeId} running (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})${ownPort ? `, Cortex API on http://${ownPort.host}:${ownPort.port}/api` : ''}`,
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
}
