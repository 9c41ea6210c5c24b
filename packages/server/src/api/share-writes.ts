/**
 * Writes through a share (docs/sharing.md): before a write route on a case, task, log, observable,
 * comment, procedure or custom event runs, the caller is replaced by the actor the share lends it
 * (domain/sharing/write-through-share.ts) when the object belongs to another organisation that
 * shared it. Managing the case's shares, owner, access list, merging and deleting it stay with the
 * owner: those routes keep the caller as is.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { actorThroughShare, type ShareTarget } from '../domain/sharing/write-through-share.js';
import { ctx } from './request-context.js';

const TARGETS: ReadonlyArray<[RegExp, ShareTarget]> = [
  [/^\/case\/task\/log\/:(\w+)/, 'log'],
  [/^\/case\/task\/:(\w+)/, 'task'],
  [/^\/case\/artifact\/:(\w+)/, 'observable'],
  [/^\/case\/:(\w+)/, 'case'],
  [/^\/task\/:(\w+)/, 'task'],
  [/^\/log\/:(\w+)/, 'log'],
  [/^\/observable\/:(\w+)/, 'observable'],
  [/^\/comment\/:(\w+)/, 'comment'],
  [/^\/procedure\/:(\w+)/, 'procedure'],
  [/^\/customEvent\/:(\w+)/, 'customEvent'],
];

/** What only the owning organisation does with its case. */
const OWNER_ONLY = /^\/case\/:\w+\/(access|owner|shares|_merge|force)(\/|$)/;
const READING = /\/(_search|_stats|_count)$/;

function targetOf(request: FastifyRequest): [ShareTarget, string] | undefined {
  const url = request.routeOptions.url?.replace(/^\/api(\/v1)?/, '');
  if (!url || READING.test(url) || OWNER_ONLY.test(url)) return undefined;
  if (request.method === 'DELETE' && /^\/case\/:\w+$/.test(url)) return undefined;
  for (const [pattern, target] of TARGETS) {
    const m = pattern.exec(url);
    if (!m) continue;
    const value = (request.params as Record<string, unknown> | undefined)?.[m[1]!];
    return typeof value === 'string' && value !== '' ? [target, value] : undefined;
  }
  return undefined;
}

export function installShareWrites(app: FastifyInstance, deps: Deps): void {
  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !request.auth) return;
    if (!request.auth.actor.visibility?.shared) return;
    const target = targetOf(request);
    if (!target) return;
    const actor = await actorThroughShare(deps.db, ctx(request), target[0], target[1]);
    if (actor !== request.auth.actor) request.auth = { ...request.auth, actor };
  });
}
