/**
 * The optional TOTP second factor. Setting it is two steps: ask for a secret, then confirm it
 * with a code from the authenticator app; only then is it stored and required at login.
 */
import { badRequest, formatId } from '@propolis/core';
import { newTotpSecret, totpUri, verifyTotp } from '../../auth/totp.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { storeCredentials } from './credentials.js';
import { manageableUser, visibleUser } from './guards.js';

export interface TotpSetup {
  secret: string;
  uri: string;
}

export async function setTotp(
  deps: Deps,
  ctx: RequestContext,
  input: { secret?: string; code?: string },
): Promise<TotpSetup | { enabled: true }> {
  const user = await visibleUser(deps.db, ctx, formatId(ctx.actor.userId));
  if (input.secret === undefined || input.code === undefined) {
    const secret = newTotpSecret();
    return { secret, uri: totpUri(secret, user.login) };
  }
  if (!/^[A-Z2-7]{16,128}=*$/.test(input.secret))
    throw badRequest('secret: must be the base32 secret returned by the first call');
  if (!verifyTotp(input.secret, input.code))
    throw badRequest('code: the TOTP code does not match the secret');
  await storeCredentials(deps, ctx, user.id, { totp_secret: input.secret }, { mfa: 'enabled' });
  return { enabled: true };
}

export async function unsetTotp(deps: Deps, ctx: RequestContext, idOrLogin?: string): Promise<void> {
  const user =
    idOrLogin === undefined
      ? await visibleUser(deps.db, ctx, formatId(ctx.actor.userId))
      : await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: true });
  await storeCredentials(deps, ctx, user.id, { totp_secret: null }, { mfa: 'disabled' });
}
