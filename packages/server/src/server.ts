/**
 * Starts Propolis and stops it cleanly on SIGINT/SIGTERM (in-flight requests finish first).
 */
import { buildPropolis, type Propolis, type PropolisExtension } from './app.js';
import type { Config } from './config.js';

export async function startServer(
  config: Config,
  options: { extensions?: PropolisExtension[] } = {},
): Promise<Propolis> {
  const propolis = await buildPropolis(config, { extensions: options.extensions });
  const { app } = propolis;
  if (propolis.bootstrap.generatedPassword) {
    // Printed once, on the first start only: the operator must note it.
    process.stdout.write(
      `\nCreated admin@thehive.local with the generated password: ${propolis.bootstrap.generatedPassword}\n` +
        'Set PROPOLIS_ADMIN_PASSWORD before the first start to choose it; this password will not be shown again.\n\n',
    );
  }
  await app.listen({ port: config.port, host: config.host });
  const storage = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  app.log.info(`Propolis serving on http://${config.host}:${config.port} (${storage})`);
  if (config.web.dir) app.log.info(`Web UI: open http://${config.host}:${config.port}/ in a browser`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal} received: stopping`);
    await propolis.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return propolis;
}
