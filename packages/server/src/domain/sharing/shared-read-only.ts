/**
 * The refusal of a write on something the caller's organisation sees only through a share.
 */
import { forbidden, type PropolisError } from '@propolis/core';
import type { RequestContext } from '../context.js';

export const sharedReadOnly = (ctx: RequestContext, what: string): PropolisError =>
  forbidden(
    `${what} is shared with organisation ${ctx.actor.organisationName} by another organisation: it can be read here, and changed only by the organisation that owns it`,
  );
