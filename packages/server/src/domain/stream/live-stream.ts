/**
 * The live stream as commands: open a stream for the caller in their current organisation, and
 * wait on it. Any authenticated user may; what a stream carries is the organisation's own audit
 * events (events/live-stream.ts).
 */
import { PropolisError } from '@propolis/core';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';

const STREAM_ID = /^[a-zA-Z0-9]{20}$/;

export function openStream(deps: Pick<Deps, 'stream'>, ctx: RequestContext): Promise<string> {
  return deps.stream.create(ctx.actor.userId, ctx.actor.organisationId);
}

export async function waitOnStream(
  deps: Pick<Deps, 'stream'>,
  ctx: RequestContext,
  id: string,
): Promise<AuditRow[]> {
  if (!STREAM_ID.test(id)) throw new PropolisError('BadRequest', `Invalid stream id "${id.slice(0, 64)}"`);
  const events = deps.stream.poll(id, ctx.actor.userId);
  if (!events) throw new PropolisError('StreamNotFound', `Stream ${id} doesn't exist`);
  return events;
}
