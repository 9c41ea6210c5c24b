/**
 * Reading users: one by id or login, or all users visible from the acting organisation.
 */
import { listUsers as listUserRows } from '../../db/repositories/users.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleUser } from './guards.js';
import { toUserViews, type UserView } from './user-view.js';

/**
 * Memberships are data of their organisations: outside the admin organisation, a user seen from an
 * organisation shows only its membership there (users always see all of their own).
 */
function scoped(ctx: RequestContext, view: UserView): UserView {
  const scope = scopeOf(ctx);
  if (scope.platformAdmin || view.id === ctx.actor.userId) return view;
  return { ...view, memberships: view.memberships.filter((m) => m.organisationId === scope.organisationId) };
}

export async function getUser(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<UserView> {
  const row =
    idOrLogin === 'current'
      ? await visibleUser(deps.db, ctx, `~${ctx.actor.userId}`)
      : await visibleUser(deps.db, ctx, idOrLogin);
  const [view] = await toUserViews(deps.db, [row]);
  return scoped(ctx, view!);
}

export async function listUsers(deps: Deps, ctx: RequestContext): Promise<UserView[]> {
  return (await toUserViews(deps.db, await listUserRows(deps.db, scopeOf(ctx)))).map((v) => scoped(ctx, v));
}
