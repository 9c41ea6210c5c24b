/**
 * The live stream as commands: open a stream for the caller in their current organisation, and
 * wait on it. Any authenticated user may; a stream carries its organisation's audit events only
 * (events/stream/), and only its own user, in the same organisation, can poll it.
 */
import { PropolisError } from '@propolis/core';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import { STREAM_ID, type StreamHub } from '../../events/stream/stream-hub.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleAudits } from '../sharing/visible-audits.js';

export function openStream(hub: StreamHub, ctx: RequestContext): Promise<string> {
  return hub.create(ctx.actor.userId, ctx.actor.organisationId);
}

/** The stream's next rows that the caller may see now (shares and restrictions: ../sharing/). */
export async function waitOnStream(
  deps: Pick<Deps, 'db'>,
  hub: StreamHub,
  ctx: RequestContext,
  id: string,
): Promise<AuditRow[]> {
  if (!STREAM_ID.test(id))
    throw new PropolisError('BadRequest', `Invalid stream id "${id.slice(0, 64)}": 20 letters and digits`);
  const events = hub.poll(id, ctx.actor.userId, ctx.actor.organisationId);
  if (!events) throw new PropolisError('StreamNotFound', `Stream ${id} doesn't exist`);
  return visibleAudits(deps, ctx, await events);
}
