/**
 * `GET /api/v1/events`: Server-Sent Events of the caller's organisation (docs/notifications.md). Each
 * event is an audit row as TheHive 5's OutputAudit, `id:` its audit id; a client reconnecting with
 * `Last-Event-ID` (header, or `lastEventId` in the query for scripts) gets what it missed. Rows about
 * users, profiles and logins need manageUser, rows about notifications manageConfig. A comment line
 * every `events.heartbeatSeconds` keeps proxies from closing the connection; after
 * `events.maxConnectionSeconds` the server ends it and the browser reconnects, authenticated again.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest } from '@propolis/core';
import { Type } from 'typebox';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import { hasPermission, type RequestContext, readScopeOf } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { visibleAudits } from '../../domain/sharing/visible-audits.js';
import type { EventHub } from '../../events/sse/event-hub.js';
import { auditV1 } from '../presenters/audit.js';
import { ctx } from '../request-context.js';

const Query = Type.Object({ lastEventId: Type.Optional(Type.String({ pattern: '^~?\\d{1,15}$' })) });
const Headers = Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 32 })) });

const USER_TYPES = new Set(['User', 'Profile', 'Organisation']);
const CONFIG_TYPES = new Set(['Notification', 'Config']);

export function visibleTo(c: RequestContext, row: AuditRow): boolean {
  // other organisations' rows have passed visibleAudits (a case shared with this one)
  if (row.organisation_id !== c.actor.organisationId)
    return row.root_id !== null && !USER_TYPES.has(row.object_type);
  if (USER_TYPES.has(row.object_type) || row.action === 'login' || row.action === 'logout')
    return hasPermission(c, 'manageUser');
  if (CONFIG_TYPES.has(row.object_type)) return hasPermission(c, 'manageConfig');
  return true;
}

function parseLastId(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^~?\d{1,15}$/.test(value))
    throw badRequest(`Last-Event-ID: must be an event id (a number), got ${JSON.stringify(value)}`);
  return Number(value.replace('~', ''));
}

export function eventsRoutesV1(deps: Deps, hub: EventHub): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/events',
      {
        schema: {
          querystring: Query,
          headers: Headers,
          response: {
            200: Type.String({ description: 'text/event-stream: id, data (an audit event as JSON)' }),
          },
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const lastId = parseLastId(request.headers['last-event-id'] ?? request.query.lastEventId);
        const raw = reply.raw;
        reply.hijack();
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          // an event stream's connection serves nothing after it
          connection: 'close',
          'x-accel-buffering': 'no',
          'x-request-id': String(request.id),
        });
        raw.write('retry: 3000\n\n');
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          clearInterval(heartbeat);
          clearTimeout(limit);
          unsubscribe?.();
          raw.end();
        };
        const heartbeat = setInterval(
          () => raw.write(`: heartbeat ${Date.now()}\n\n`),
          deps.config.events.heartbeatSeconds * 1000,
        );
        const limit = setTimeout(end, deps.config.events.maxConnectionSeconds * 1000);
        let unsubscribe: (() => void) | undefined;
        let chain: Promise<void> = Promise.resolve();
        raw.on('close', end);
        request.raw.socket.on('close', end);
        unsubscribe = await hub.subscribe(
          readScopeOf(c),
          lastId,
          (rows) => {
            // in order: each batch is filtered (shares, restrictions) after the one before it
            chain = chain.then(async () => {
              const shown = await visibleAudits(deps, c, rows);
              if (ended) return;
              let out = '';
              for (const row of shown) {
                if (!visibleTo(c, row)) continue;
                out += `id: ${row.id}\ndata: ${JSON.stringify({ ...auditV1(row), organisation: c.actor.organisationName })}\n\n`;
              }
              if (out) raw.write(out);
            }, end);
          },
          end,
        );
        if (ended) unsubscribe();
      },
    );
  };
}
