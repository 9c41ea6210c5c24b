/**
 * TheHive 4's way of turning webhooks on: `PUT /api/config/organisation/notification` with
 * `{"value": [{"delegate": false, "trigger": {"name": "AnyEvent"}, "notifier": {"name": "webhook",
 * "endpoint": "<name>"}}]}` replaces the organisation's list; `GET` reads it back. Each entry becomes
 * a notification (origin `config`) with one notifier; the entry is kept as given, to be read back
 * (secrets masked). `delegate` is kept and read back; it changes nothing here (TheHive 4 let users
 * take such a notification over for themselves; TheHive 5's per-user notifications do that).
 */
import { badRequest } from '@propolis/core';
import { lastAuditId } from '../../db/repositories/audit-feed.js';
import {
  deleteNotification,
  insertNotification,
  listNotifications,
  updateNotification,
} from '../../db/repositories/notifications.js';
import { appendAudit } from '../../events/audit.js';
import { signalNotificationsChanged } from '../../events/notify/changes.js';
import { type NotifierSpec, parseNotifier, SECRET_MASK } from '../../events/notify/notifiers.js';
import { parseTrigger, type TriggerSpec } from '../../events/notify/triggers.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export const MAX_CONFIG_ENTRIES = 100;

export interface ConfigItem {
  path: string;
  description: string;
  defaultValue: unknown[];
  value: unknown[];
}

const DESCRIPTION = 'Notifications of the organisation: a list of {delegate, trigger, notifier}';

const SECRET_KEYS = new Set(['password', 'key', 'token', 'secret']);

function masked(entry: Record<string, unknown>): Record<string, unknown> {
  const notifier = entry.notifier as Record<string, unknown> | undefined;
  if (!notifier || typeof notifier !== 'object') return entry;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(notifier)) {
    const hookUrl = k === 'url' && String(notifier.name).toLowerCase() !== 'webhook';
    out[k] =
      SECRET_KEYS.has(k) || hookUrl || (k === 'auth' && v && typeof v === 'object') ? maskValue(k, v) : v;
  }
  return { ...entry, notifier: out };
}

function maskValue(key: string, v: unknown): unknown {
  if (key !== 'auth') return SECRET_MASK;
  const a = v as Record<string, unknown>;
  return Object.fromEntries(Object.entries(a).map(([k, x]) => [k, SECRET_KEYS.has(k) ? SECRET_MASK : x]));
}

export async function getOrganisationNotificationConfig(
  deps: Deps,
  ctx: RequestContext,
): Promise<ConfigItem> {
  requirePermission(ctx, 'manageConfig');
  const rows = (await listNotifications(deps.db, ctx.actor.organisationId)).filter(
    (r) => r.origin === 'config',
  );
  return {
    path: 'notification',
    description: DESCRIPTION,
    defaultValue: [],
    value: rows.map((r) => masked(JSON.parse(r.config_entry ?? '{}') as Record<string, unknown>)),
  };
}

export async function putOrganisationNotificationConfig(
  deps: Deps,
  ctx: RequestContext,
  body: unknown,
): Promise<ConfigItem> {
  requirePermission(ctx, 'manageConfig');
  const value = (body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(value) || value.length > MAX_CONFIG_ENTRIES)
    throw badRequest(
      `value: must be a list of at most ${MAX_CONFIG_ENTRIES} entries {"delegate": false, "trigger": {"name": "AnyEvent"}, "notifier": {"name": "webhook", "endpoint": "<name>"}}`,
    );
  const previous = (await listNotifications(deps.db, ctx.actor.organisationId)).filter(
    (r) => r.origin === 'config',
  );
  const parsed: Array<{ entry: Record<string, unknown>; trigger: TriggerSpec; notifier: NotifierSpec }> = [];
  for (const [i, raw] of value.entries()) {
    const where = `value[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw badRequest(`${where}: must be an object {delegate, trigger, notifier}`);
    const entry = raw as Record<string, unknown>;
    if (entry.delegate !== undefined && typeof entry.delegate !== 'boolean')
      throw badRequest(`${where}.delegate: must be true or false`);
    const trigger = parseTrigger(entry.trigger, `${where}.trigger`);
    const before = previous[i] ? (JSON.parse(previous[i].notifiers) as NotifierSpec[])[0] : undefined;
    const notifier = await parseNotifier(entry.notifier, `${where}.notifier`, {
      endpoints: deps.config.notification.webhook.endpoints,
      organisationName: ctx.actor.organisationName,
      allowLocalAddresses: deps.config.notification.allowLocalAddresses,
      emailConfigured: deps.config.notification.email.host !== '',
      previous: before,
    });
    parsed.push({ entry: { delegate: false, ...entry }, trigger, notifier });
  }
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    const start = await lastAuditId(trx);
    // Entries are updated in place (a pending delivery of an entry survives a new PUT); extra ones go.
    for (const [i, p] of parsed.entries()) {
      const values = {
        trigger: JSON.stringify(p.trigger),
        notifiers: JSON.stringify([p.notifier]),
        config_entry: JSON.stringify(p.entry),
      };
      const old = previous[i];
      if (old) {
        const same = old.config_entry === values.config_entry;
        await updateNotification(trx, ctx.actor.organisationId, old.id, {
          ...values,
          ...(same ? {} : { start_audit_id: start }),
          updated_at: now,
          updated_by: ctx.actor.login,
        });
      } else
        await insertNotification(trx, {
          organisation_id: ctx.actor.organisationId,
          name: `thehive4-config-${Date.now().toString(36)}-${i + 1}`,
          ...values,
          enabled: 1,
          user_id: null,
          origin: 'config',
          start_audit_id: start,
          created_at: now,
          created_by: ctx.actor.login,
        });
    }
    for (const old of previous.slice(parsed.length))
      await deleteNotification(trx, ctx.actor.organisationId, old.id);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Config',
        objectId: 'organisation.notification',
        details: {
          entries: parsed.map((p) => ({ trigger: p.trigger.name, notifier: p.notifier.name })),
        },
      },
    ]);
  });
  signalNotificationsChanged();
  return getOrganisationNotificationConfig(deps, ctx);
}
