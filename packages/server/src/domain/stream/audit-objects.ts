/**
 * The objects the elements of the live stream and the flow are about (`base.object`): the current
 * row of each main audit's case, task, log, observable or alert, read in one query per kind, in the
 * caller's organisation. Left out: deleted objects, other kinds (users, templates, ...), and all
 * but the newest `MAX_OBJECTS` of one answer, so that a poll that brings thousands of events stays
 * cheap.
 */

import { parseId } from '@propolis/core';
import { findAlertsByIds } from '../../db/repositories/alerts.js';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import { findCasesByIds } from '../../db/repositories/cases.js';
import { findObservablesByIds } from '../../db/repositories/observables.js';
import { findLogsByIds } from '../../db/repositories/task-logs.js';
import { findTasksByIds } from '../../db/repositories/tasks.js';
import type { Scope } from '../../db/scope.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';

export const MAX_OBJECTS = 100;

/** The query registry's entity names (api/query/render.ts renders them). */
export type ObjectEntity = 'case' | 'task' | 'log' | 'observable' | 'alert';

type Finder = (db: Deps['db'], scope: Scope, ids: number[]) => Promise<Array<{ id: number }>>;

const KINDS: Record<string, { entity: ObjectEntity; find: Finder }> = {
  Case: { entity: 'case', find: findCasesByIds },
  Task: { entity: 'task', find: findTasksByIds },
  Log: { entity: 'log', find: findLogsByIds },
  Observable: { entity: 'observable', find: findObservablesByIds },
  Alert: { entity: 'alert', find: findAlertsByIds },
};

export interface AuditObjects {
  /** The rows found, by entity, each once. */
  rows: Map<ObjectEntity, Array<{ id: number }>>;
  /** For each audit id: the entity and row id of its object. */
  of: Map<number, { entity: ObjectEntity; id: number }>;
}

/** Requests to show in a stream or flow, with the objects their main audits are about. */
export interface StreamEvents {
  requests: readonly RequestAudits[];
  objects: AuditObjects;
}

/** A request's main audit and all its audit rows. */
export interface RequestAudits {
  main: AuditRow;
  rows: readonly AuditRow[];
}

/** Groups rows by request, in the order of each request's first row. */
export function groupByRequest(rows: readonly AuditRow[]): RequestAudits[] {
  const groups = new Map<string, AuditRow[]>();
  for (const r of rows) {
    const group = groups.get(r.request_id);
    if (group) group.push(r);
    else groups.set(r.request_id, [r]);
  }
  return [...groups.values()].map((group) => ({
    main: group.find((r) => r.main_action === 1) ?? group[0]!,
    rows: group,
  }));
}

/** The requests with the objects of their main audits, read in the caller's organisation. */
export async function streamEvents(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  requests: readonly RequestAudits[],
): Promise<StreamEvents> {
  return {
    requests,
    objects: await auditObjects(
      deps,
      ctx,
      requests.map((r) => r.main),
    ),
  };
}

export async function auditObjects(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  audits: readonly AuditRow[],
): Promise<AuditObjects> {
  const wanted = new Map<string, Set<number>>();
  const of = new Map<number, { entity: ObjectEntity; id: number }>();
  for (const a of [...audits].sort((x, y) => y.id - x.id).slice(0, MAX_OBJECTS)) {
    const kind = KINDS[a.object_type];
    const id = parseId(a.object_id);
    if (!kind || id === undefined || a.action === 'delete') continue;
    of.set(a.id, { entity: kind.entity, id });
    const ids = wanted.get(a.object_type) ?? new Set<number>();
    ids.add(id);
    wanted.set(a.object_type, ids);
  }
  const rows = new Map<ObjectEntity, Array<{ id: number }>>();
  for (const [type, ids] of wanted) {
    const kind = KINDS[type]!;
    rows.set(kind.entity, await kind.find(deps.db, readScopeOf(ctx), [...ids]));
  }
  return { rows, of };
}
