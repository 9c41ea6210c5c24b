/**
 * Writes through a share (docs/sharing.md): before a write route on a case, task, log, observable,
 * comment, procedure or custom event runs, the caller is replaced by the actor the share lends it
 * (domain/sharing/write-through-share.ts) when the object belongs to another organisation that
 * shared it. Managing the case's shares, owner, access list, merging and deleting it stay with the
 * owner: those routes keep the caller as is.
 */
import { PropolisError } from '@propolis/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { RequestContext } from '../domain/context.js';
import { type Deps, inOneTransaction } from '../domain/deps.js';
import { sharedReadOnly } from '../domain/sharing/shared-read-only.js';
import {
  actorThroughShare,
  type ShareTarget,
  seenThroughShare,
} from '../domain/sharing/write-through-share.js';
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

/** A refusal of part of a bulk request names the items of that part when its message does not already. */
function naming(error: unknown, target: ShareTarget, ids: string[]): unknown {
  if (!(error instanceof PropolisError) || error.status >= 500) return error;
  if (ids.some((id) => error.message.includes(id))) return error;
  const what = `${target[0]!.toUpperCase()}${target.slice(1)}${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;
  return new PropolisError(error.type, `${what}: ${error.message}`, {
    object: error.object,
    status: error.status,
    cause: error,
  });
}

/**
 * Bulk writes (`PATCH /case/_bulk`, `/task/_bulk`, `/observable/_bulk`, v0 `/case/_bulk`,
 * `/case/artifact/_bulk`, `POST /procedure/delete/_bulk`) follow the same share rules as the routes
 * of one object: each id runs as the actor its own route would (the caller, or the caller through
 * the share that lends it write permissions, audited with the acting organisation). Ids are grouped
 * by that actor and each group is one command: the caller's own objects (and those a share lends
 * nothing, which the command refuses with 403) first, then each shared case. The commands run in
 * one transaction: the whole request is applied or, when any item fails (a 4xx naming it), nothing.
 * `run` must write through the deps it is given (the transaction's).
 */
export async function bulkThroughShares<T>(
  deps: Deps,
  request: FastifyRequest,
  target: ShareTarget,
  ids: string[],
  run: (c: RequestContext, ids: string[], deps: Deps) => Promise<T[] | undefined>,
): Promise<T[]> {
  const base = ctx(request);
  if (!base.actor.visibility?.shared || base.actor.throughShare) return (await run(base, ids, deps)) ?? [];
  const groups = new Map<string, { actor: Actor; ids: string[] }>([['own', { actor: base.actor, ids: [] }]]);
  for (const id of ids) {
    const actor = await actorThroughShare(deps.db, base, target, id);
    const key = actor.throughShare ? `case:${actor.throughShare.caseId}` : 'own';
    const group = groups.get(key) ?? { actor, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  // what a share shows but lends nothing to is refused as its single route does, before any write
  for (const id of groups.get('own')!.ids)
    if (await seenThroughShare(deps.db, base, target, id))
      throw sharedReadOnly(base, `${target[0]!.toUpperCase()}${target.slice(1)} ${id}`);
  const parts = [...groups.values()].filter((g) => g.ids.length > 0);
  if (parts.length === 1) return (await run({ ...base, actor: parts[0]!.actor }, parts[0]!.ids, deps)) ?? [];
  return inOneTransaction(deps, async (trx) => {
    const out: T[] = [];
    for (const { actor, ids: part } of parts) {
      try {
        out.push(...((await run({ ...base, actor }, part, trx)) ?? []));
      } catch (error) {
        throw naming(error, target, part);
      }
    }
    return out;
  });
}
