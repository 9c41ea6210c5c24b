/**
 * An assignee must be a user of the acting organisation; the answer is its normalised login.
 */
import { badRequest } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findUser } from '../../db/repositories/users.js';
import type { Database } from '../../db/schema.js';
import type { RequestContext } from '../context.js';

export async function checkAssignee(
  db: Kysely<Database>,
  ctx: RequestContext,
  login: string | null | undefined,
  field = 'assignee',
) {
  if (login === null || login === undefined || login === '') return null;
  const user = await findUser(db, { organisationId: ctx.actor.organisationId, platformAdmin: false }, login);
  if (!user)
    throw badRequest(
      `${field}: user "${login}" is not a member of organisation ${ctx.actor.organisationName}`,
    );
  return user.login;
}
