/**
 * Setting a password (administrators) and changing one's own (with the current password).
 */
import { forbidden, PropolisError } from '@propolis/core';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { deleteUserSessions } from '../../db/repositories/sessions.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { checkPassword } from './create-user.js';
import { storeCredentials } from './credentials.js';
import { manageableUser, visibleUser } from './guards.js';

async function storePassword(
  deps: Deps,
  ctx: RequestContext,
  userId: number,
  password: string,
  keepSessions: boolean,
) {
  const hash = await hashPassword(password, deps.config.auth.passwordHashCost);
  await storeCredentials(deps, ctx, userId, { password_hash: hash }, { password: '<changed>' }, (trx) =>
    keepSessions ? Promise.resolve() : deleteUserSessions(trx, userId),
  );
}

export async function setPassword(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  password: string,
): Promise<void> {
  checkPassword(password);
  const user = await manageableUser(deps.db, ctx, idOrLogin);
  await storePassword(deps, ctx, user.id, password, user.id === ctx.actor.userId);
}

export async function changePassword(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  password: string,
  currentPassword: string,
): Promise<void> {
  checkPassword(password);
  const user = await visibleUser(deps.db, ctx, idOrLogin);
  if (user.id !== ctx.actor.userId)
    throw forbidden('You can only change your own password; administrators use password/set');
  if (!(await verifyPassword(currentPassword, user.password_hash))) {
    throw new PropolisError('AuthorizationError', 'currentPassword: the current password is wrong');
  }
  await storePassword(deps, ctx, user.id, password, true);
}
