/**
 * Status, health and license routes of both API versions. They are public and reveal nothing secret.
 */
import { PublicStatusOutput, StatusOutput } from '@propolis/core';
import type { FastifyPluginAsync } from 'fastify';
import { pingDatabase } from '../db/repositories/health.js';
import type { Deps } from '../domain/deps.js';
import { feederHealthSummary } from '../domain/feeders/read-feeders.js';
import { VERSION } from '../version.js';
import { HealthText, JsonObject, ok } from './shared/responses.js';

export function statusBody(deps: Deps) {
  return {
    versions: {
      Propolis: VERSION,
      TheHive: `${VERSION} (Propolis)`,
      Scalligraph: VERSION,
      Play: 'none',
      Node: process.versions.node,
    },
    connectors: {},
    health: { database: 'OK' },
    config: {
      protectDownloadsWith: deps.config.downloadZipPassword,
      authType: deps.config.auth.basic ? ['session', 'local', 'key', 'basic'] : ['session', 'local', 'key'],
      capabilities: ['changePassword', 'setPassword', 'authByKey', 'mfa'],
      ssoAutoLogin: false,
      pollingDuration: 1000,
      freeTagDefaultColour: '#000000',
    },
    schemaStatus: [],
  };
}

const YEAR = 365 * 24 * 3600 * 1000;

/** Propolis has no license limits; clients that read TheHive 5's license document are told so. */
function licenseBody() {
  const expiresAt = Date.now() + 100 * YEAR;
  const limits = { organisation: null, user: null, case: null, alert: null, action: null };
  return {
    type: 'Unlimited',
    license: 'AGPL-3.0-or-later',
    limits,
    expiresAt,
    current: { type: 'Unlimited', limits, expiresAt },
    fallback: { type: 'Unlimited', limits, expiresAt },
    unlimited: true,
  };
}

export const statusRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const pub = { config: { public: true } };
    app.get('/api/status', { ...pub, schema: { response: ok(StatusOutput) } }, async () => statusBody(deps));
    // v1 also lists the feeders with their health (names, kinds and health only: the route is public).
    app.get('/api/v1/status', { ...pub, schema: { response: ok(StatusOutput) } }, async () => ({
      ...statusBody(deps),
      feeders: await feederHealthSummary(deps),
    }));
    app.get('/api/v1/status/public', { ...pub, schema: { response: ok(PublicStatusOutput) } }, async () => ({
      version: VERSION,
      versions: statusBody(deps).versions,
      authType: statusBody(deps).config.authType,
      ssoProviders: [],
      ssoAutoLogin: false,
    }));
    app.get('/api/health', { ...pub, schema: { response: HealthText } }, async (_request, reply) => {
      const ok = await pingDatabase(deps.db);
      return reply
        .status(ok ? 200 : 503)
        .type('text/plain; charset=utf-8')
        .send(ok ? 'Ok' : 'Error');
    });
    app.get('/api/v1/license/current', { schema: { response: ok(JsonObject) } }, async () => licenseBody());
    app.get('/api/v1/license', { schema: { response: ok(JsonObject) } }, async () => licenseBody());
  };
