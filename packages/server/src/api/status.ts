/**
 * Status, health and license routes of both API versions. They are public and reveal nothing secret.
 */
import { LicenseOutput, PublicStatusOutput, StatusOutput } from '@propolis/core';
import type { FastifyPluginAsync } from 'fastify';
import { pingDatabase } from '../db/repositories/health.js';
import type { Deps } from '../domain/deps.js';
import { feederHealthSummary } from '../domain/feeders/read-feeders.js';
import { VERSION } from '../version.js';
import { HealthText, ok } from './shared/responses.js';

/** The ways to sign in, as TheHive names them (`authType`), local ones first. */
function authTypes(deps: Deps): string[] {
  const { sso, basic } = deps.config.auth;
  return [
    'session',
    'local',
    'key',
    ...(basic ? ['basic'] : []),
    ...(sso.oidc.length > 0 ? ['oauth2'] : []),
    ...(sso.ldap.length > 0 ? ['ldap'] : []),
    ...(sso.saml.length > 0 ? ['saml'] : []),
    ...(sso.header.enabled ? ['header'] : []),
  ];
}

/** What a login page offers besides the password form: one button per provider, with where it goes. */
export function ssoProviders(deps: Deps) {
  const { sso } = deps.config.auth;
  return [
    ...sso.oidc.map((p) => ({
      name: p.name,
      type: 'oidc',
      label: p.label,
      loginUrl: `/api/v1/sso/oidc/${p.name}/login`,
    })),
    ...sso.saml.map((p) => ({
      name: p.name,
      type: 'saml',
      label: p.label,
      loginUrl: `/api/v1/sso/saml/${p.name}/login`,
    })),
    ...(sso.header.enabled
      ? [{ name: 'header', type: 'header', label: sso.header.label, loginUrl: '/api/v1/sso/header/login' }]
      : []),
  ];
}

/** `ssoAutoLogin` holds only when there is a provider to go to. */
const autoLogin = (deps: Deps) => deps.config.auth.sso.autoLogin && ssoProviders(deps).length > 0;

/**
 * TheHive's `connectors.misp`: whether MISP servers are configured, and their names and purposes
 * (reachability is `GET /connector/misp/status`; no URL nor key on this public route).
 */
function mispConnector(deps: Deps) {
  const { servers, feeds } = deps.config.misp;
  const enabled = servers.length + feeds.length > 0;
  return {
    enabled,
    status: enabled ? 'OK' : 'DISABLED',
    servers: servers.map((s) => ({ name: s.name, purpose: s.purpose })),
    feeds: feeds.map((f) => f.name),
  };
}

export function statusBody(deps: Deps) {
  return {
    versions: {
      Propolis: VERSION,
      TheHive: `${VERSION} (Propolis)`,
      Scalligraph: VERSION,
      Play: 'none',
      Node: process.versions.node,
    },
    connectors: { misp: mispConnector(deps) },
    health: { database: 'OK' },
    config: {
      protectDownloadsWith: deps.config.downloadZipPassword,
      authType: authTypes(deps),
      capabilities: ['changePassword', 'setPassword', 'authByKey', 'mfa'],
      ssoAutoLogin: autoLogin(deps),
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
      ssoProviders: ssoProviders(deps),
      ssoAutoLogin: autoLogin(deps),
    }));
    app.get('/api/health', { ...pub, schema: { response: HealthText } }, async (_request, reply) => {
      const ok = await pingDatabase(deps.db);
      return reply
        .status(ok ? 200 : 503)
        .type('text/plain; charset=utf-8')
        .send(ok ? 'Ok' : 'Error');
    });
    app.get('/api/v1/license/current', { schema: { response: ok(LicenseOutput) } }, async () =>
      licenseBody(),
    );
    app.get('/api/v1/license', { schema: { response: ok(LicenseOutput) } }, async () => licenseBody());
  };
