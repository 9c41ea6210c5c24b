/**
 * Builds the HTTP server: storage, migrations, first-start seeding, plugins, and every API face.
 */
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PropolisError } from '@propolis/core';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Registry } from 'prom-client';
import sjson from 'secure-json-parse';
import { installErrorHandling, renderError } from './api/errors.js';
import { installInputGuard } from './api/input-guard.js';
import { buildLazyValidator } from './api/lazy-validators.js';
import { eventRenderer } from './api/presenters/notify-event.js';
import { installAuthentication } from './api/request-context.js';
import { registerRoutes } from './api/routes.js';
import { installShareWrites } from './api/share-writes.js';
import { registerWebUi } from './api/web-ui.js';
import { Authenticator } from './auth/authenticate.js';
import { AddressThrottle } from './auth/throttle.js';
import type { Config } from './config.js';
import { MispService } from './connectors/misp/misp-service.js';
import { TaxiiPullService } from './connectors/taxii/taxii-pull.js';
import { AlertRollupFolding } from './db/alert-rollup-folding.js';
import { openStorage, type Storage } from './db/database.js';
import { migrate } from './db/migrate.js';
import { hasPostgresExtension } from './db/repositories/health.js';
import { type BootstrapResult, bootstrap } from './domain/bootstrap.js';
import { type Deps, inOwnTransaction } from './domain/deps.js';
import { syncConfigFeeders } from './domain/feeders/sync-config-feeders.js';
import type { AnalysisPort } from './domain/workflows/analysis-port.js';
import { syncConfigWorkflows } from './domain/workflows/sync-config-workflows.js';
import { NotifyService } from './events/notify/notify-service.js';
import { EventHub } from './events/sse/event-hub.js';
import { StreamHub } from './events/stream/stream-hub.js';
import { feederMetrics } from './feeders/feeder-metrics.js';
import { FeederService } from './feeders/feeder-service.js';
import { trackConnections } from './ops/graceful-close.js';
import { loggerOptions, requestLogger } from './ops/logger.js';
import { installMetrics } from './ops/metrics.js';
import { installOpenApi, serveOpenApi } from './ops/openapi.js';
import { uuidv7 } from './ops/request-id.js';
import { readTls } from './ops/tls.js';
import { WorkflowService } from './workflows/workflow-service.js';

export interface Propolis {
  app: FastifyInstance;
  deps: Deps;
  storage: Storage;
  bootstrap: BootstrapResult;
  /** The feeders running on this node (started unless `feederRunner.enabled` is false). */
  feeders: FeederService;
  /** The workflows running on this node (with the feeders). */
  workflows: WorkflowService;
  /** The MISP connector of this node (docs/misp.md). */
  misp: MispService;
  /** The pulls of remote TAXII collections of this node (docs/stix-taxii.md). */
  taxii: TaxiiPullService;
  /** Notifications of this process (absent when `notification.enabled` is false). */
  notify: NotifyService | undefined;
  close(): Promise<void>;
}

/** Requests still running when the server stops get this long to finish before their connections close. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * A part of Propolis built outside this package (the analysis engine): it adds routes to the app and
 * may run background work until `close`.
 */
export interface PropolisExtension {
  name: string;
  /** Set by an analysis engine once registered: what workflows call to run analyzers. */
  analysisPort?: AnalysisPort;
  register(app: FastifyInstance, deps: Deps): Promise<void>;
  close?(): Promise<void>;
}

export async function buildPropolis(
  config: Config,
  options: { logger?: boolean; extensions?: PropolisExtension[] } = {},
): Promise<Propolis> {
  const extensions = options.extensions ?? [];
  const storage = openStorage(config);
  // Until the app (and its logger) exists, nothing can warn.
  let warn: (message: string) => void = () => {};
  let stream: StreamHub | undefined;
  let events: EventHub | undefined;
  let notify: NotifyService | undefined;
  let folding: AlertRollupFolding | undefined;
  let feeders: FeederService | undefined;
  let workflows: WorkflowService | undefined;
  let misp: MispService | undefined;
  let taxii: TaxiiPullService | undefined;
  try {
    await migrate(storage);
    folding = new AlertRollupFolding(storage, (message) => warn(message));
    stream = new StreamHub(
      storage.db,
      {
        refreshMs: config.stream.refreshSeconds * 1000,
        keepAliveMs: config.stream.keepAliveSeconds * 1000,
        maxBuffered: config.stream.maxEvents,
        maxStreamsPerUser: config.stream.maxStreamsPerUser,
      },
      (message) => warn(message),
    );
    const addressThrottle = new AddressThrottle(
      config.auth.throttle.maxFailuresPerAddress,
      config.auth.throttle.windowSeconds * 1000,
    );
    const deps: Deps = {
      db: storage.db,
      config,
      authenticator: new Authenticator(storage.db, config, addressThrottle),
      addressThrottle,
    };
    const seeded = await bootstrap(deps);
    await syncConfigFeeders(deps, config.feeders);
    await syncConfigWorkflows(deps, config.workflows);
    events = new EventHub(storage.db, (message) => warn(message));
    if (config.notification.enabled)
      notify = new NotifyService({
        db: storage.db,
        postgres: storage.dialect === 'postgres',
        config,
        // claims lock rows with SKIP LOCKED: each in a transaction of its own (not grouped)
        inTransaction: (fn) => inOwnTransaction(deps, fn),
        render: eventRenderer(deps),
        warn: (message) => warn(message),
      });
    const mispService = new MispService(deps, config.misp, (_level, message) => warn(message));
    misp = mispService;
    const taxiiService = new TaxiiPullService(deps, config.taxii, (_level, message) => warn(message));
    taxii = taxiiService;
    const app = await buildApp(
      deps,
      stream,
      events,
      notify,
      mispService,
      taxiiService,
      options.logger ?? true,
      extensions,
    );
    const connections = trackConnections(app.server);
    warn = (message) => app.log.warn(message);
    await notify?.start();
    const feederService = new FeederService(deps, (level, message) => app.log[level](message), {
      reconcileMs: config.feederRunner.reconcileSeconds * 1000,
      leaseMs: config.feederRunner.leaseSeconds * 1000,
    });
    feeders = feederService;
    const workflowService = new WorkflowService(deps, (level, message) => app.log[level](message), {
      reconcileMs: config.feederRunner.reconcileSeconds * 1000,
      leaseMs: config.feederRunner.leaseSeconds * 1000,
      analysis: () => extensions.find((e) => e.analysisPort)?.analysisPort,
    });
    workflows = workflowService;
    if (config.feederRunner.enabled) {
      feederService.start();
      workflowService.start();
    }
    await mispService.start(config.feederRunner.enabled);
    await taxiiService.start(config.feederRunner.enabled);
    if (storage.dialect === 'postgres') {
      // migration 0007-fulltext skips the trigram indexes when pg_trgm cannot be installed
      if (!(await hasPostgresExtension(storage.db, 'pg_trgm')))
        app.log.warn(
          'pg_trgm is not installed: substring searches (_like *x*) scan tables instead of using trigram indexes',
        );
    }
    return {
      app,
      deps,
      storage,
      bootstrap: seeded,
      feeders: feederService,
      workflows: workflowService,
      notify,
      misp: mispService,
      taxii: taxiiService,
      async close() {
        await mispService.stop();
        await taxiiService.stop();
        await feederService.stop();
        await workflowService.stop();
        // Waiting long polls answer now instead of holding the shutdown for their refresh period.
        stream?.stop();
        // Event streams end now: Fastify would wait for them.
        events?.stop();
        await notify?.stop();
        await connections.closeGracefully(() => app.close(), SHUTDOWN_GRACE_MS);
        for (const extension of extensions) await extension.close?.();
        await folding?.stop();
        await storage.close();
      },
    };
  } catch (error) {
    for (const extension of extensions) await extension.close?.().catch(() => {});
    await misp?.stop();
    await taxii?.stop();
    await feeders?.stop();
    await workflows?.stop();
    stream?.stop();
    events?.stop();
    await notify?.stop();
    await folding?.stop();
    await storage.close();
    throw error;
  }
}

async function buildApp(
  deps: Deps,
  stream: StreamHub,
  events: EventHub,
  notify: NotifyService | undefined,
  misp: MispService,
  taxiiPull: TaxiiPullService,
  logger: boolean,
  extensions: PropolisExtension[],
): Promise<FastifyInstance> {
  const app = await baseApp(deps, logger);
  if (deps.config.openapi.enabled) await installOpenApi(app);
  if (deps.config.metrics.enabled)
    installMetrics(app, [
      feederMetrics(deps),
      ...(notify ? [(registry: Registry) => notify.registerMetrics(registry)] : []),
    ]);
  installAuthentication(app, deps);
  installInputGuard(app);
  installShareWrites(app, deps);

  await registerRoutes(app, deps, stream, events, misp, taxiiPull);
  for (const extension of extensions) await extension.register(app, deps);
  // the web UI at / (GETs no API route answers)
  await registerWebUi(app, deps.config.web.dir);
  if (deps.config.openapi.enabled) serveOpenApi(app);
  await app.ready();
  return app;
}

/**
 * A Fastify instance set up as Propolis's (TLS, body parsing, errors as {"type","message"}, request
 * ids, cookies), without authentication or routes: the main app adds them, and so does an
 * extension that serves its own API on its own port (`propolis analysis serve --port`) with
 * `installAuthentication`.
 */
export async function baseApp(deps: Deps, logger: boolean) {
  const tls = readTls(deps.config);
  const app = Fastify({
    ...(tls ? { https: tls } : {}),
    logger: logger ? loggerOptions(deps.config.logLevel) : false,
    genReqId: () => uuidv7(),
    childLoggerFactory: requestLogger,
    requestIdHeader: false,
    bodyLimit: deps.config.bodyLimit,
    // X-Forwarded-* are believed only from the configured reverse proxies
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    // Logins (up to 255 characters) and names travel in paths: the router's default cap of 100 is too small.
    routerOptions: { maxParamLength: 1024 },
    // Errors raised by the router itself (malformed percent-encoding, over-long parameters) get the same
    // {"type","message"} shape as every other error.
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      reply.header('X-Request-Id', request.id);
      renderError(reply, new PropolisError('BadRequest', `${error.message}`, { status }));
    },
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: buildLazyValidator } },
  } as FastifyServerOptions).withTypeProvider<TypeBoxTypeProvider>();
  // Response schemas describe the answers (OpenAPI, types) but do not serialise them: JSON.stringify
  // keeps every field TheHive clients expect, and measured as fast as fast-json-stringify on the open
  // output schemas (docs/decisions/response-serialisation.md).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  // JSON bodies: empty means no body (several clients POST actions with an empty JSON body);
  // prototype-poisoning keys are refused.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const e = new Error(`The body is not valid JSON: ${(error as Error).message}`) as Error & {
        statusCode: number;
      };
      e.statusCode = 400;
      done(e, undefined);
    }
  });

  installErrorHandling(app);
  await app.register(cookie);
  return app;
}
