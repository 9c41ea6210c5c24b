/**
 * The audit outbox: every write appends its audit rows in the same transaction as the change.
 * The live stream, webhooks and automations read this table by increasing id.
 */
import type { Insertable, Transaction } from 'kysely';
import { authChanged } from '../auth/key-cache.js';
import { insertAuditRows } from '../db/repositories/audit.js';
import type { AuditTable, Database } from '../db/schema.js';

export type AuditAction = 'create' | 'update' | 'delete' | 'merge' | 'login' | 'logout';

export interface AuditEntry {
  action: AuditAction;
  objectType: string;
  objectId: string;
  rootId?: string;
  details?: Record<string, unknown>;
}

/** Keys whose values are secrets and never reach the audit trail. */
const SECRET_KEYS = new Set(['password', 'currentPassword', 'key', 'apiKey', 'totpSecret', 'secret', 'code']);

/** What commands write for a secret they changed ("<changed>", "<renewed>"): kept, as it tells what happened. */
const MARKER = /^<[a-z]+>$/;

const hidden = (k: string, v: unknown): boolean =>
  SECRET_KEYS.has(k) && !(typeof v === 'string' && MARKER.test(v));

/** The JSON of the details with secrets redacted; most details hold none and are written as they are. */
function redactedJson(details: Record<string, unknown> | undefined): string {
  if (!details) return '{}';
  // Only a plain object is written as it is: its JSON is then the same as that of a copy.
  let copy = Object.getPrototypeOf(details) !== Object.prototype;
  for (const k in details) if (Object.hasOwn(details, k) && hidden(k, details[k])) copy = true;
  if (!copy) return JSON.stringify(details);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) out[k] = hidden(k, v) ? '<redacted>' : v;
  return JSON.stringify(out);
}

/** Objects whose changes can change who an API key acts as, or what it may do (auth/key-cache.ts). */
const AUTH_OBJECTS = new Set(['User', 'Profile', 'Organisation', 'Share']);

/** Who wrote: a request's context (domain/context.ts RequestContext), or the system at start. */
export type AuditAuthor =
  | {
      requestId: string;
      actor: { login: string; organisationId: number; throughShare?: { organisationId: number } };
    }
  | { requestId: string; login: string; organisationId: number | null };

export async function appendAudit(
  trx: Transaction<Database>,
  ctx: AuditAuthor,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await insertAuditRows(trx, auditRows(ctx, entries));
}

/**
 * The audit rows of these entries, as appendAudit writes them (for a statement that writes them
 * itself, repositories/new-alert-pg.ts). The first entry is the main action.
 */
export function auditRows(ctx: AuditAuthor, entries: AuditEntry[]): Insertable<AuditTable>[] {
  if (entries.some((e) => AUTH_OBJECTS.has(e.objectType))) authChanged();
  const login = 'actor' in ctx ? ctx.actor.login : ctx.login;
  const organisationId = 'actor' in ctx ? ctx.actor.organisationId : ctx.organisationId;
  const acting = 'actor' in ctx ? ctx.actor.throughShare?.organisationId : undefined;
  const now = Date.now();
  return entries.map((e, i) => ({
    request_id: ctx.requestId,
    organisation_id: organisationId,
    user_login: login,
    action: e.action,
    object_type: e.objectType,
    object_id: e.objectId,
    root_id: e.rootId ?? e.objectId,
    details: redactedJson(e.details),
    main_action: i === 0 ? 1 : 0,
    created_at: now,
    ...(acting !== undefined && { acting_organisation_id: acting }),
  }));
}
