/**
 * TheHive 5's notifications through the v1 API: one trigger, several notifiers, enabled or not,
 * optionally for one user. Organisation administrators (permission manageConfig) manage every
 * notification of their organisation; other users may keep notifications of their own that only
 * e-mail themselves (EmailerToUser). Each change is one transaction with its audit row (secrets left
 * out); a notification hears the events written after it was created or enabled.
 */
import { badRequest, conflict, forbidden, formatId, notFound, parseId } from '@propolis/core';
import { lastAuditId } from '../../db/repositories/audit-feed.js';
import {
  deleteNotification as deleteRow,
  findNotification,
  findNotificationByName,
  insertNotification,
  listNotifications as listRows,
  loginOfUser,
  memberByLogin,
  type NotificationRow,
  updateNotification as updateRow,
} from '../../db/repositories/notifications.js';
import { appendAudit } from '../../events/audit.js';
import { signalNotificationsChanged } from '../../events/notify/changes.js';
import { type NotifierSpec, parseNotifier } from '../../events/notify/notifiers.js';
import { parseTrigger, type TriggerSpec } from '../../events/notify/triggers.js';
import { hasPermission, type RequestContext } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export const MAX_NOTIFIERS = 20;

export interface NotificationView {
  row: NotificationRow;
  trigger: TriggerSpec;
  notifiers: NotifierSpec[];
  user: string | null;
}

export interface NotificationInput {
  name?: string;
  trigger?: unknown;
  notifiers?: unknown[];
  enabled?: boolean;
  user?: string | null;
}

export async function toView(deps: Pick<Deps, 'db'>, row: NotificationRow): Promise<NotificationView> {
  return {
    row,
    trigger: JSON.parse(row.trigger) as TriggerSpec,
    notifiers: JSON.parse(row.notifiers) as NotifierSpec[],
    user: row.user_id === null ? null : ((await loginOfUser(deps.db, row.user_id)) ?? null),
  };
}

const isAdmin = (ctx: RequestContext) => hasPermission(ctx, 'manageConfig');
const mine = (ctx: RequestContext, row: NotificationRow) => row.user_id === ctx.actor.userId;

function refuse(ctx: RequestContext): never {
  throw forbidden(
    `User ${ctx.actor.login} is not allowed to manage the notifications of organisation ${ctx.actor.organisationName}: permission manageConfig is required (profile ${ctx.actor.profileName}); without it, only your own notifications that e-mail you (EmailerToUser)`,
  );
}

export async function listNotifications(deps: Deps, ctx: RequestContext): Promise<NotificationView[]> {
  const rows = await listRows(deps.db, ctx.actor.organisationId);
  const visible = isAdmin(ctx) ? rows : rows.filter((r) => mine(ctx, r));
  return Promise.all(visible.map((r) => toView(deps, r)));
}

export async function getNotification(
  deps: Deps,
  ctx: RequestContext,
  id: string,
): Promise<NotificationView> {
  return toView(deps, await visible(deps, ctx, id));
}

async function visible(deps: Deps, ctx: RequestContext, id: string): Promise<NotificationRow> {
  const n = parseId(id);
  const row =
    n !== undefined
      ? await findNotification(deps.db, ctx.actor.organisationId, n)
      : await findNotificationByName(deps.db, ctx.actor.organisationId, id);
  if (!row || (!isAdmin(ctx) && !mine(ctx, row))) throw notFound(`Notification ${id} not found`);
  return row;
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 128)
    throw badRequest('name: required, text of 1 to 128 characters');
  return value.trim();
}

async function checkNotifiers(
  deps: Deps,
  ctx: RequestContext,
  raw: unknown,
  previous: readonly NotifierSpec[] = [],
): Promise<NotifierSpec[]> {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_NOTIFIERS)
    throw badRequest(`notifiers: must be a list of 1 to ${MAX_NOTIFIERS} notifiers`);
  const out: NotifierSpec[] = [];
  for (const [i, n] of raw.entries())
    out.push(
      await parseNotifier(n, `notifiers[${i}]`, {
        endpoints: deps.config.notification.webhook.endpoints,
        organisationName: ctx.actor.organisationName,
        allowLocalAddresses: deps.config.notification.allowLocalAddresses,
        emailConfigured: deps.config.notification.email.host !== '',
        previous: previous[i],
      }),
    );
  return out;
}

async function checkUser(
  deps: Deps,
  ctx: RequestContext,
  login: string | null | undefined,
): Promise<number | null> {
  if (login === undefined || login === null || login === '') return isAdmin(ctx) ? null : ctx.actor.userId;
  const member = await memberByLogin(deps.db, ctx.actor.organisationId, login);
  if (!member)
    throw badRequest(`user: ${login} is not a member of organisation ${ctx.actor.organisationName}`);
  if (!isAdmin(ctx) && member.id !== ctx.actor.userId) refuse(ctx);
  return member.id;
}

function checkSelfService(
  ctx: RequestContext,
  userId: number | null,
  notifiers: readonly NotifierSpec[],
): void {
  if (isAdmin(ctx)) return;
  if (userId !== ctx.actor.userId || notifiers.some((n) => n.name !== 'EmailerToUser')) refuse(ctx);
}

const auditDetails = (
  name: string,
  trigger: TriggerSpec,
  notifiers: readonly NotifierSpec[],
  enabled: boolean,
) => ({
  name,
  trigger: trigger.name,
  notifiers: notifiers.map((n) => n.name),
  enabled,
});

export async function createNotification(
  deps: Deps,
  ctx: RequestContext,
  input: NotificationInput,
): Promise<NotificationView> {
  const name = checkName(input.name);
  const trigger = parseTrigger(input.trigger);
  const notifiers = await checkNotifiers(deps, ctx, input.notifiers);
  const userId = await checkUser(deps, ctx, input.user);
  checkSelfService(ctx, userId, notifiers);
  if (await findNotificationByName(deps.db, ctx.actor.organisationId, name))
    throw conflict(
      `A notification named ${name} already exists in organisation ${ctx.actor.organisationName}`,
    );
  const enabled = input.enabled ?? true;
  const now = Date.now();
  const row = await inTransaction(deps, async (trx) => {
    const inserted = await insertNotification(trx, {
      organisation_id: ctx.actor.organisationId,
      name,
      trigger: JSON.stringify(trigger),
      notifiers: JSON.stringify(notifiers),
      enabled: enabled ? 1 : 0,
      user_id: userId,
      origin: 'api',
      config_entry: null,
      start_audit_id: await lastAuditId(trx),
      created_at: now,
      created_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'Notification',
        objectId: formatId(inserted.id),
        details: auditDetails(name, trigger, notifiers, enabled),
      },
    ]);
    return inserted;
  });
  signalNotificationsChanged();
  return toView(deps, row);
}

export async function updateNotification(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: NotificationInput,
): Promise<NotificationView> {
  const current = await visible(deps, ctx, id);
  if (current.origin === 'config')
    throw badRequest(
      `Notification ${id} comes from TheHive 4's organisation configuration; change it with PUT /api/config/organisation/notification`,
    );
  const before = await toView(deps, current);
  const name = input.name !== undefined ? checkName(input.name) : current.name;
  const trigger = input.trigger !== undefined ? parseTrigger(input.trigger) : before.trigger;
  const notifiers =
    input.notifiers !== undefined
      ? await checkNotifiers(deps, ctx, input.notifiers, before.notifiers)
      : before.notifiers;
  const userId = input.user !== undefined ? await checkUser(deps, ctx, input.user) : current.user_id;
  checkSelfService(ctx, userId, notifiers);
  if (name !== current.name && (await findNotificationByName(deps.db, ctx.actor.organisationId, name)))
    throw conflict(
      `A notification named ${name} already exists in organisation ${ctx.actor.organisationName}`,
    );
  const enabled = input.enabled ?? current.enabled === 1;
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateRow(trx, ctx.actor.organisationId, current.id, {
      name,
      trigger: JSON.stringify(trigger),
      notifiers: JSON.stringify(notifiers),
      enabled: enabled ? 1 : 0,
      user_id: userId,
      // enabled again: it hears what happens from now on, not what happened while it was off
      ...(enabled && current.enabled === 0 ? { start_audit_id: await lastAuditId(trx) } : {}),
      updated_at: now,
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Notification',
        objectId: formatId(current.id),
        details: auditDetails(name, trigger, notifiers, enabled),
      },
    ]);
  });
  signalNotificationsChanged();
  return getNotification(deps, ctx, formatId(current.id));
}

export async function deleteNotification(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  const current = await visible(deps, ctx, id);
  await inTransaction(deps, async (trx) => {
    await deleteRow(trx, ctx.actor.organisationId, current.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'Notification',
        objectId: formatId(current.id),
        details: { name: current.name },
      },
    ]);
  });
  signalNotificationsChanged();
}

/** The notification (visible to the caller) a delivery-log call is about. */
export async function notificationForLog(
  deps: Deps,
  ctx: RequestContext,
  id: string,
): Promise<NotificationRow> {
  return visible(deps, ctx, id);
}
