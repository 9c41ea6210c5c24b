/**
 * The objects of notification events, rendered when the event matched (events/notify/fan-out.ts):
 * v1 (TheHive 5's payloads, FilteredEvent's `object.*`, templates) and, when a TheHive 4 webhook of
 * version 0 wants it, v0 with its parent (a task carries its `case`, a log its `case_task`, an
 * observable its `case`), as TheHive 4's webhooks send them. Also the task of a log (LogInMyTask) and
 * whether an observable belongs to a case or an alert. Rendered as the organisation's system user.
 */

import { formatId, ORGANISATION_PERMISSIONS } from '@propolis/core';
import type { ObservableRow } from '../../db/repositories/observables.js';
import type { TaskLogRow } from '../../db/repositories/task-logs.js';
import { findTasksByIds } from '../../db/repositories/tasks.js';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { auditObjects, MAX_OBJECTS } from '../../domain/stream/audit-objects.js';
import type { EventRenderer, RenderedEvent } from '../../events/notify/event-renderer.js';
import { type Row, renderRows } from '../query/render.js';

export function systemContext(organisation: { id: number; name: string }): RequestContext {
  return {
    requestId: 'notification',
    actor: {
      userId: 0,
      login: 'system@thehive.local',
      name: 'system',
      organisationId: organisation.id,
      organisationName: organisation.name,
      profileName: 'org-admin',
      permissions: new Set(ORGANISATION_PERMISSIONS),
    },
  };
}

export function eventRenderer(deps: Deps): EventRenderer {
  return async (organisation, rows, withV0) => {
    const ctx = systemContext(organisation);
    const out = new Map<number, RenderedEvent>();
    for (let i = 0; i < rows.length; i += MAX_OBJECTS) {
      const chunk = rows.slice(i, i + MAX_OBJECTS);
      const objects = await auditObjects(deps, ctx, chunk);
      const rendered = new Map<string, RenderedEvent>();
      for (const [entity, found] of objects.rows) {
        const raw = found as unknown as Row[];
        const v1 = await renderRows(deps, ctx, entity, 'v1', raw);
        const v0 = withV0 ? await renderRows(deps, ctx, entity, 'v0', raw, { parents: 1 }) : [];
        const tasks =
          entity === 'log'
            ? new Map(
                (
                  await findTasksByIds(deps.db, { organisationId: organisation.id, platformAdmin: false }, [
                    ...new Set((found as unknown as TaskLogRow[]).map((l) => l.task_id)),
                  ])
                ).map((t) => [t.id, t]),
              )
            : undefined;
        found.forEach((row, k) => {
          const event: RenderedEvent = { v1: v1[k] };
          if (withV0) event.v0 = v0[k];
          if (tasks) {
            const t = tasks.get((row as unknown as TaskLogRow).task_id);
            if (t) event.task = { id: formatId(t.id), assignee: t.assignee };
          }
          if (entity === 'observable')
            event.observableOf = (row as unknown as ObservableRow).alert_id !== null ? 'alert' : 'case';
          rendered.set(`${entity}:${row.id}`, event);
        });
      }
      for (const [auditId, target] of objects.of) {
        const event = rendered.get(`${target.entity}:${target.id}`);
        if (event) out.set(auditId, event);
      }
    }
    return out;
  };
}
