/**
 * Setting a password (administrators) and changing one's own (with the current password), under the
 * password policy: its length, and none of the user's last `history` passwords again.
 */
import { badRequest, forbidden, PropolisError } from '@propolis/core';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { formerPasswordHashes, rememberPasswordHash } from '../../db/repositories/password-history.js';
import { deleteUserSessions } from '../../db/repositories/sessions.js';
import type { UserRow } from '../../db/repositories/users.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { checkPassword } from './create-user.js';
import { storeCredentials } from './credentials.js';
import { manageableUser, visibleUser } from './guards.js';

async function storePassword(
  deps: Deps,
  ctx: RequestContext,
  user: UserRow,
  password: string,
  keepSessions: boolean,
) {
  const { history } = deps.config.auth.policy.password;
  if (history > 0) {
    const former = [user.password_hash, ...(await formerPasswordHashes(deps.db, user.id, history - 1))];
    for (const hash of former)
      if (hash && (await verifyPassword(password, hash)))
        throw badRequest(
          `password: must differ from the last ${history} password${history === 1 ? '' : 's'}`,
        );
  }
  const hash = await hashPassword(password, deps.config.auth.passwordHashCost);
  await storeCredentials(
    deps,
    ctx,
    user.id,
    { password_hash: hash },
    { password: '<changed>' },
    async (trx) => {
      if (history > 1 && user.password_hash)
        await rememberPasswordHash(trx, user.id, user.password_hash, history - 1, Date.now());
      if (!keepSessions) await deleteUserSessions(trx, user.id);
    },
  );
}

export async function setPassword(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  password: string,
): Promise<void> {
  checkPassword(password, deps.config.auth.policy.password.minLength);
  const user = await manageableUser(deps.db, ctx, idOrLogin);
  await storePassword(deps, ctx, user, password, user.id === ctx.actor.userId);
}

export async function changePassword(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  password: string,
  currentPassword: string,
): Promise<void> {
  checkPassword(password, deps.config.auth.policy.password.minLength);
  const user = await visibleUser(deps.db, ctx, idOrLogin);
  if (user.id !== ctx.actor.userId)
    throw forbidden('You can only change your own password; administrators use password/set');
  if (!(await verifyPassword(currentPassword, user.password_hash))) {
    throw new PropolisError('AuthorizationError', 'currentPassword: the current password is wrong');
  }
  await storePassword(deps, ctx, user, password, true);
}
