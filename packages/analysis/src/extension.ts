/**
 * The analysis engine as a part of Propolis: `propolis serve` builds the platform with it (embedded
 * by default). It reads the `analysis:` section of the configuration, loads the definitions, serves
 * Cortex's API under the prefix and TheHive's connector routes, and runs the engine until close.
 */
import {
  baseApp,
  type Deps,
  datastoreRoutesV0,
  installAuthentication,
  installInputGuard,
  type PropolisExtension,
} from '@propolis/server/extension';
import type { FastifyInstance } from 'fastify';
import { baseConfigRoutes } from './api/base-config-routes.js';
import { connectorRoutes } from './api/connector-routes.js';
import { cortexIdentityRoutes } from './api/cortex-identity-routes.js';
import { cortexRoutes } from './api/cortex-routes.js';
import { cortexUserWriteRoutes } from './api/cortex-user-writes.js';
import { reportTemplateRoutes } from './api/report-template-routes.js';
import { type AnalysisConfig, readAnalysisConfig } from './config.js';
import { Catalog } from './definitions/catalog.js';
import type { Analysis } from './domain/analysis.js';
import { analysisPort } from './domain/analysis-port.js';
import { AnalysisEngine } from './engine/engine.js';
import { dockerCliFound } from './runner/docker-runner.js';

export interface AnalysisExtension extends PropolisExtension {
  /** Set once registered: the engine's configuration and state (tests, the benchmark). */
  analysis?: Analysis;
  engine?: AnalysisEngine;
  /** The Cortex API on its own port (`ownPort`), once listening: Cortex's `/api/...` at its root. */
  cortexApp?: FastifyInstance;
}

export interface OwnPort {
  port: number;
  host: string;
  logger?: boolean;
}

/**
 * Cortex's API alone on its own port, as a Cortex server serves it (`http://host:9001/api/...`):
 * the same authentication, the same routes as under the prefix, and nothing of TheHive's API.
 */
async function listenOwnPort(analysis: Analysis, deps: Deps, own: OwnPort): Promise<FastifyInstance> {
  const app = await baseApp(deps, own.logger ?? false);
  installAuthentication(app, deps);
  installInputGuard(app);
  await app.register(cortexRoutes(analysis), { prefix: '/api' });
  await app.register(cortexIdentityRoutes(analysis), { prefix: '/api' });
  await app.register(cortexUserWriteRoutes(analysis), { prefix: '/api' });
  await app.register(baseConfigRoutes(analysis), { prefix: '/api' });
  await app.register(datastoreRoutesV0(deps), { prefix: '/api' });
  await app.listen({ port: own.port, host: own.host });
  return app;
}

/**
 * `overrides` replaces the configuration file's `analysis:` section (tests); without it the section
 * is read from the platform's configuration.
 */
export function analysisExtension(
  overrides?: Partial<AnalysisConfig>,
  options: { ownPort?: OwnPort } = {},
): AnalysisExtension {
  const extension: AnalysisExtension = {
    name: 'analysis',
    async register(app: FastifyInstance, deps: Deps) {
      const raw = overrides ?? (deps.config as unknown as { analysis?: unknown }).analysis;
      const config = readAnalysisConfig(raw, deps.config.dataDir);
      const catalog = new Catalog(config);
      for (const problem of catalog.scan()) app.log.warn(`analysis: ${problem}`);
      const docker = [...config.runners, ...Object.values(config.workerRunners)].includes('docker');
      if (docker && !dockerCliFound(config.dockerCommand))
        app.log.warn(
          `analysis: the docker runner is configured but ${config.dockerCommand} is not found: jobs of docker definitions will fail`,
        );
      const dialect = deps.config.databaseUrl ? 'postgres' : 'sqlite';
      const base = { deps, dialect, config, catalog } as const;
      const engine = new AnalysisEngine(base, (level, message) => app.log[level](message));
      const analysis: Analysis = {
        ...base,
        wake: () => engine.wake(),
        changed: (jobId, timeoutMs) => engine.changed(jobId, timeoutMs),
      };
      await app.register(cortexRoutes(analysis), { prefix: `${config.pathPrefix}/api` });
      await app.register(cortexIdentityRoutes(analysis), { prefix: `${config.pathPrefix}/api` });
      await app.register(cortexUserWriteRoutes(analysis), { prefix: `${config.pathPrefix}/api` });
      await app.register(baseConfigRoutes(analysis), { prefix: `${config.pathPrefix}/api` });
      // Cortex's datastore (file artifacts and job files), what TheHive downloads from its Cortex
      await app.register(datastoreRoutesV0(deps), { prefix: `${config.pathPrefix}/api` });
      await app.register(connectorRoutes(analysis), { prefix: '/api/connector/cortex' });
      await app.register(connectorRoutes(analysis), { prefix: '/api/v1/connector/cortex' });
      await app.register(reportTemplateRoutes(analysis), { prefix: '/api/connector/cortex' });
      await app.register(reportTemplateRoutes(analysis), { prefix: '/api/v1/connector/cortex' });
      extension.analysis = analysis;
      extension.engine = engine;
      extension.analysisPort = analysisPort(analysis);
      if (options.ownPort) extension.cortexApp = await listenOwnPort(analysis, deps, options.ownPort);
      if (config.enabled) engine.start();
    },
    async close() {
      await extension.cortexApp?.close();
      await extension.engine?.stop();
    },
  };
  return extension;
}
