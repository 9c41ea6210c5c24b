/**
 * What notifiers send. A queued delivery holds a `NotifyEvent` (the audit row, the object rendered
 * when the event matched, the organisation, the recipient); the payloads are made from it at delivery:
 * TheHive 4's webhook body (version 0: TheHive 3 names, lower-case operation, v0 object with its parent;
 * version 1: v1 names and object), TheHive 5's event (HttpRequest, AppendToFile), chat messages
 * (Slack, Mattermost, Teams incoming webhooks) and e-mails, the last three from Mustache templates.
 */
import type { EventAudit } from './event-audit.js';
import { renderTemplate } from './templates.js';

export interface NotifyEvent {
  audit: EventAudit & { id: number; mainAction: boolean };
  organisation: string;
  organisationId: string;
  notification: { id: string; name: string; trigger: string };
  object?: Record<string, unknown>;
  objectV0?: Record<string, unknown>;
  /** The user an EmailerToUser writes to. */
  recipient?: { login: string; email: string };
  /** Set when the object was left out to keep the payload under its size bound. */
  objectOmitted?: true;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A queued delivery's payload read back as the `NotifyEvent` it was written as; undefined when the
 * text is not JSON or not an event (an audit object, the organisation's name and id).
 */
export function parseNotifyEvent(payload: string): NotifyEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !isObject(value.audit)) return undefined;
  if (typeof value.organisation !== 'string' || typeof value.organisationId !== 'string') return undefined;
  return value as unknown as NotifyEvent;
}

const V0_TYPES: Record<string, string> = {
  Task: 'case_task',
  Log: 'case_task_log',
  Observable: 'case_artifact',
  Job: 'case_artifact_job',
  CaseTemplate: 'caseTemplate',
};

const v0Operation = (action: string) => (action === 'merge' ? 'update' : action);

/** TheHive 4's webhook body, version 0 or 1. */
export function webhookPayload(e: NotifyEvent, version: 0 | 1): Record<string, unknown> {
  const a = e.audit;
  return {
    operation: version === 0 ? v0Operation(a.action) : a.action,
    objectType: version === 0 ? (V0_TYPES[a.objectType] ?? a.objectType.toLowerCase()) : a.objectType,
    objectId: a.objectId,
    startDate: a.createdAt,
    rootId: a.rootId ?? a.objectId,
    requestId: a.requestId,
    details: a.details,
    base: a.mainAction,
    object: (version === 0 ? e.objectV0 : e.object) ?? {},
    organisationId: e.organisationId,
    organisation: e.organisation,
  };
}

/** TheHive 5's event: the audit entry with its object. */
export function auditEvent(e: NotifyEvent): Record<string, unknown> {
  const a = e.audit;
  return {
    _id: `~${a.id}`,
    _type: 'Audit',
    _createdBy: a.createdBy,
    _createdAt: a.createdAt,
    action: a.action,
    requestId: a.requestId,
    rootId: a.rootId ?? a.objectId,
    objectId: a.objectId,
    objectType: a.objectType,
    mainAction: a.mainAction,
    details: a.details,
    object: e.object ?? {},
    organisation: e.organisation,
    organisationId: e.organisationId,
  };
}

/** What templates see: `audit` (with `object`), `object`, `organisation`, `notification`, `user`. */
export function templateView(e: NotifyEvent): Record<string, unknown> {
  return {
    audit: auditEvent(e),
    object: e.object ?? {},
    organisation: e.organisation,
    notification: e.notification,
    user: e.recipient ?? {},
  };
}

export const DEFAULT_TEXT =
  '{{audit.objectType}} {{audit.action}} by {{audit._createdBy}}{{#object.title}}: {{object.title}}{{/object.title}} ({{organisation}}, notification {{notification.name}})';
export const DEFAULT_SUBJECT =
  '[Propolis] {{notification.trigger}}: {{audit.objectType}} {{audit.action}}{{#object.title}} "{{object.title}}"{{/object.title}}';
export const DEFAULT_BODY = `{{audit.objectType}} {{audit.objectId}} {{audit.action}} by {{audit._createdBy}} in organisation {{organisation}}.
{{#object.title}}
Title: {{object.title}}
{{/object.title}}
{{#object.number}}
Number: #{{object.number}}
{{/object.number}}
{{#object.status}}
Status: {{object.status}}
{{/object.status}}

Notification: {{notification.name}} ({{notification.trigger}})
`;

export function chatBody(
  kind: 'Slack' | 'Mattermost' | 'Teams',
  e: NotifyEvent,
  options: { text?: string; channel?: string; username?: string },
): Record<string, unknown> {
  const text = renderTemplate(options.text ?? DEFAULT_TEXT, templateView(e));
  if (kind === 'Teams')
    return {
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: text.slice(0, 200),
      title: `${e.notification.trigger}: ${e.audit.objectType} ${e.audit.action}`,
      text,
    };
  return {
    text,
    ...(options.channel ? { channel: options.channel } : {}),
    ...(options.username ? { username: options.username } : {}),
  };
}
