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
      'run the analysis engine alone: it claims the jobs queued in the database (PostgreSQL, shared with the platform nodes) and runs them; no HTTP',
    )
    .option('-c, --config <file>', 'YAML configuration file (else PROPOLIS_CONFIG)')
    .action(async (options: { config?: string }) => {
      const [{ analysisExtension }, { buildPropolis, loadConfig }] = await Promise.all([
        analysisModule(),
        server(),
      ]);
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
}
