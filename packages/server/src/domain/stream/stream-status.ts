/**
 * `GET /api/stream/status`: how long the caller's session still lasts, for TheHive's UI (which
 * warns before it expires). Sessions slide: every request, this one included, extends them, so
 * `warning` is true only when less than a minute is left. API keys and Basic credentials do not
 * expire: they get a remaining time of about 68 years.
 */
import type { Authenticated } from '../../auth/authenticate.js';
import { findSession } from '../../db/repositories/sessions.js';
import type { Deps } from '../deps.js';

export const NO_EXPIRY_SECONDS = 2 ** 31 - 1;
const WARNING_SECONDS = 60;

export async function streamStatus(
  deps: Pick<Deps, 'db'>,
  auth: Authenticated,
): Promise<{ remaining: number; warning: boolean }> {
  if (auth.method !== 'session' || !auth.sessionId) return { remaining: NO_EXPIRY_SECONDS, warning: false };
  const session = await findSession(deps.db, auth.sessionId);
  const remaining = Math.max(0, Math.floor(((session?.expires_at ?? 0) - Date.now()) / 1000));
  return { remaining, warning: remaining < WARNING_SECONDS };
}
