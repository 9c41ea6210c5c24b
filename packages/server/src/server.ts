/**
 * Starts Propolis and stops it cleanly on SIGINT/SIGTERM (in-flight requests finish first).
 */
import { buildPropolis, type Propolis, type PropolisExtension } from './app.js';
import type { Config } from './config.js';
import { reloadTls } from './ops/tls.js';

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
  const scheme = config.tls.certFile ? 'https' : 'http';
  app.log.info(`Propolis serving on ${scheme}://${config.host}:${config.port} (${storage})`);
  if (config.tls.certFile)
    process.on('SIGHUP', () => {
      const problem = reloadTls(app.server as never, config);
      if (problem)
        app.log.error(`SIGHUP: the certificate was not reloaded, the current one stays: ${problem}`);
      else app.log.info(`SIGHUP: certificate reloaded from ${config.tls.certFile}`);
    });
  if (config.web.dir) app.log.info(`Web UI: open ${scheme}://${config.host}:${config.port}/ in a browser`);
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
