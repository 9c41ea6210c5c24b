/**
 * A case's timeline (`GET /case/{id}/timeline`), built from what happened to it: its creation and
 * closure, tasks started and closed, observables sighted, procedures (at their occurDate), alerts
 * merged into it, logs kept in the timeline and custom events. Oldest first.
 */
import { formatId } from '@propolis/core';
import { customEventsOfCase } from '../../db/repositories/custom-events.js';
import { proceduresOfCase } from '../../db/repositories/procedures.js';
import {
  timelineAlerts,
  timelineLogs,
  timelineSightings,
  timelineTasks,
} from '../../db/repositories/timeline.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { tacticLabel } from '../patterns/stix-bundle.js';
import { toProcedureViews } from '../procedures/procedure-view.js';

export interface TimelineEvent {
  date: number;
  endDate?: number;
  kind: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

const CLOSED_TASK = new Set(['Completed', 'Cancel']);

/** The entity an event speaks of, by its API type name and id. */
const refOf = (entity: string, id: number) => ({ entity, entityId: formatId(id) });

export async function readTimeline(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
): Promise<TimelineEvent[]> {
  const kase = await visibleCase(deps.db, ctx, caseId, 'read');
  const scope = readScopeOf(ctx);
  const [tasks, sightings, alerts, logs, procedures, events] = await Promise.all([
    timelineTasks(deps.db, scope, kase.id),
    timelineSightings(deps.db, scope, kase.id),
    timelineAlerts(deps.db, scope, kase.id),
    timelineLogs(deps.db, scope, kase.id),
    proceduresOfCase(deps.db, scope, kase.id),
    customEventsOfCase(deps.db, scope, kase.id),
  ]);
  const caseRef = refOf('Case', kase.id);
  const out: TimelineEvent[] = [
    {
      date: kase.created_at,
      kind: 'CaseCreated',
      ...caseRef,
      details: { number: kase.number, title: kase.title },
    },
  ];
  if (kase.closed_date !== null)
    out.push({ date: kase.closed_date, kind: 'CaseClosed', ...caseRef, details: { status: kase.status } });
  for (const t of tasks) {
    const ref = refOf('Task', t.id);
    const details = { title: t.title, group: t.group_name, ...(t.assignee ? { assignee: t.assignee } : {}) };
    if (t.start_date !== null) out.push({ date: t.start_date, kind: 'TaskStarted', ...ref, details });
    if (t.end_date !== null && CLOSED_TASK.has(t.status))
      out.push({ date: t.end_date, kind: 'TaskClosed', ...ref, details: { ...details, status: t.status } });
  }
  for (const o of sightings)
    out.push({
      date: o.sighted_at ?? o.start_date,
      kind: 'ObservableSighted',
      ...refOf('Observable', o.id),
      details: { dataType: o.data_type, ...(o.data !== null ? { data: o.data } : {}), ioc: o.ioc === 1 },
    });
  for (const a of alerts)
    out.push({
      date: a.import_date ?? a.created_at,
      kind: 'AlertMerged',
      ...refOf('Alert', a.id),
      details: { type: a.type, source: a.source, sourceRef: a.source_ref, title: a.title, date: a.date },
    });
  for (const l of logs)
    out.push({
      date: l.include_in_timeline!,
      kind: 'LogAdded',
      ...refOf('Log', l.id),
      details: { message: l.message, taskId: formatId(l.task_id) },
    });
  for (const v of await toProcedureViews(deps.db, procedures))
    out.push({
      date: v.row.occur_date,
      kind: 'ProcedureOccurred',
      ...refOf('Procedure', v.row.id),
      details: {
        patternId: v.pattern.pattern_id,
        patternName: v.pattern.name,
        ...(v.row.tactic ? { tactic: v.row.tactic, tacticLabel: tacticLabel(v.row.tactic) } : {}),
        ...(v.row.description ? { description: v.row.description } : {}),
      },
    });
  for (const e of events)
    out.push({
      date: e.date,
      ...(e.end_date !== null ? { endDate: e.end_date } : {}),
      kind: 'CustomEvent',
      ...refOf('CustomEvent', e.id),
      details: { title: e.title, ...(e.description !== null ? { description: e.description } : {}) },
    });
  return out.sort(
    (a, b) => a.date - b.date || a.kind.localeCompare(b.kind) || a.entityId.localeCompare(b.entityId),
  );
}
