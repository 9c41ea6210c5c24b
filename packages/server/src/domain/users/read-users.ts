/**
 * Reading users: one by id or login, or all users visible from the acting organisation.
 */
import { listUsers as listUserRows } from '../../db/repositories/users.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleUser } from './guards.js';
import { toUserViews, type UserView } from './user-view.js';

export async function getUser(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<UserView> {
  const row =
    idOrLogin === 'current'
      ? await visibleUser(deps.db, ctx, `~${ctx.actor.userId}`)
      : await visibleUser(deps.db, ctx, idOrLogin);
  const [view] = await toUserViews(deps.db, [row]);
  return view!;
}

export async function listUsers(deps: Deps, ctx: RequestContext): Promise<UserView[]> {
  return toUserViews(deps.db, await listUserRows(deps.db, scopeOf(ctx)));
}
