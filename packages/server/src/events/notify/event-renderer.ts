/**
 * What the fan-out needs rendered for the events that matched: the object in v1 (TheHive 5's payloads,
 * FilteredEvent's `object.*`, templates) and, for TheHive 4 webhooks of version 0, in v0 with its
 * parent; the task of a log (LogInMyTask); whether an observable belongs to a case or an alert. The API
 * layer implements it with its presenters (api/presenters/notify-event.ts); app.ts hands it in.
 */
import type { AuditRow } from '../../db/repositories/audit-feed.js';

export interface RenderedEvent {
  v1?: Record<string, unknown>;
  v0?: Record<string, unknown>;
  task?: { id: string; assignee: string | null };
  observableOf?: 'case' | 'alert';
}

export type EventRenderer = (
  organisation: { id: number; name: string },
  rows: readonly AuditRow[],
  withV0: boolean,
) => Promise<Map<number, RenderedEvent>>;
