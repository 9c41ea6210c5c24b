/**
 * v1 `page` `extraData` (TheHive 4/5's catalog, reference §3.3): each name asked for is computed
 * for the whole page with one query per kind (never one per row), then set in every item's
 * `extraData`. Names an entity does not know are ignored, as TheHive does.
 *
 * case: `observableStats` {total, ioc}, `taskStats` {Waiting, InProgress, Completed, Cancel, total},
 * `alerts` [{_id, type, source}], `alertCount`, `isOwner`, `shareCount`, `permissions`,
 * `actionRequired`, `computed.handlingDuration[InSeconds|InMinutes|InHours|InDays]` (closed cases);
 * alert: `importDate`, `caseNumber`, `relatedCase` {number}, `status` (New, Updated, Ignored,
 * Imported), `handlingDuration*`, `similarCases` (alertSimilarity: a few indexed queries per alert);
 * observable: `seen`, `seenSummary` {seen, ioc}, `isOwner`, `shareCount`, `permissions`;
 * task: `case`, `caseId`, `isOwner`, `shareCount`, `actionRequired`, `actionRequiredMap` {org: bool}; log: `case`, `task`, `taskId`.
 *
 * `actionRequired`: as in TheHive 4/5, an organisation taking part in a task (its owner, or one it is
 * shared with) asks one of them to act (`PUT /task/{id}/actionRequired/{org}`, domain/tasks/
 * task-actions.ts); a task the caller's organisation was not asked about waits for it when it is
 * mandatory and still open (Waiting or InProgress); a case requires action when one of its tasks does.
 */

import { formatId } from '@propolis/core';
import { type AlertRow, alertsOfCases } from '../../db/repositories/alerts.js';
import { type CaseRow, findCasesByIds } from '../../db/repositories/cases.js';
import {
  type ObservableRow,
  observableCountsOfCasesQuery,
  seenOf,
} from '../../db/repositories/observables.js';
import { caseTemplateCounts } from '../../db/repositories/page-templates.js';
import type { ProcedureRow } from '../../db/repositories/procedures.js';
import { partiesOfTasks, shareCounts } from '../../db/repositories/shares.js';
import { actionsOfTasks } from '../../db/repositories/task-actions.js';
import type { TaskLogRow } from '../../db/repositories/task-logs.js';
import {
  casesRequiringAction,
  findTasksByIds,
  requiresAction,
  type TaskRow,
  taskStatsOfCases,
} from '../../db/repositories/tasks.js';
import { alertComputed } from '../../domain/alerts/alert-view.js';
import { alertSimilarity } from '../../domain/alerts/similarity.js';
import { toCaseView } from '../../domain/cases/case-view.js';
import { type RequestContext, readScopeOf } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { linksOfCases } from '../../domain/links/case-links.js';
import { toProcedureViews } from '../../domain/procedures/procedure-view.js';
import { similarCaseV1 } from '../presenters/alert.js';
import { renderCasesV1 } from '../presenters/case-render.js';
import { procedureExtra } from '../presenters/procedure.js';
import { taskV1 } from '../presenters/task.js';

type Item = Record<string, unknown>;
type Row = Record<string, unknown>;
type Extra = (deps: Deps, c: RequestContext, rows: Row[], names: Set<string>) => Promise<Item[]>;

const TASK_STATUSES = ['Waiting', 'InProgress', 'Completed', 'Cancel'];
const DURATIONS: Record<string, number> = {
  handlingDuration: 1,
  handlingDurationInSeconds: 1000,
  handlingDurationInMinutes: 60_000,
  handlingDurationInHours: 3_600_000,
  handlingDurationInDays: 86_400_000,
};

const permissionsOf = (c: RequestContext) => [...c.actor.permissions].sort();

/**
 * Ownership (docs/sharing.md): the caller's organisation owns the row, or sees it through a share
 * (then it may only read: no permissions); `shareCount` is the number of shares of a case.
 */
function ownership(
  c: RequestContext,
  names: Set<string>,
  out: Item,
  row: { organisation_id: number },
  shareCount = 0,
): void {
  const owner = row.organisation_id === c.actor.organisationId;
  if (names.has('isOwner')) out.isOwner = owner;
  if (names.has('shareCount')) out.shareCount = shareCount;
  if (names.has('permissions')) out.permissions = owner ? permissionsOf(c) : [];
}

/** The rows' cases rendered as v1 cases, when extraData `case` is asked for. */
async function casesIfAsked(
  deps: Deps,
  c: RequestContext,
  names: Set<string>,
  children: Array<{ case_id: number }>,
): Promise<Map<number, Item> | undefined> {
  if (!names.has('case')) return undefined;
  const rows = await findCasesByIds(deps.db, readScopeOf(c), [...new Set(children.map((x) => x.case_id))]);
  const rendered = await renderCasesV1(deps, c, rows.map(toCaseView));
  return new Map(rows.map((r, i) => [r.id, rendered[i]!]));
}

const caseExtra: Extra = async (deps, c, rows, names) => {
  const cases = rows as unknown as CaseRow[];
  const ids = cases.map((r) => r.id);
  const scope = readScopeOf(c);
  const tasks = names.has('taskStats') ? await taskStatsOfCases(deps.db, scope, ids) : undefined;
  const acting = names.has('actionRequired') ? await casesRequiringAction(deps.db, scope, ids) : undefined;
  const shares = names.has('shareCount') ? await shareCounts(deps.db, ids) : undefined;
  const links = names.has('links') ? await linksOfCases(deps.db, scope, ids) : undefined;
  const observables = new Map<number, { total: number; ioc: number }>();
  if (names.has('observableStats') && ids.length > 0) {
    for (const r of await observableCountsOfCasesQuery(deps.db, scope, ids).execute())
      observables.set(r.case_id!, { total: Number(r.count), ioc: Number(r.iocs ?? 0) });
  }
  const alerts = new Map<number, AlertRow[]>();
  if (names.has('alerts') || names.has('alertCount')) {
    for (const a of await alertsOfCases(deps.db, scope, ids)) {
      const list = alerts.get(a.case_id!) ?? [];
      list.push(a);
      alerts.set(a.case_id!, list);
    }
  }
  return cases.map((r) => {
    const out: Item = {};
    if (tasks) {
      const s = tasks.get(r.id) ?? {};
      const stats: Record<string, number> = Object.fromEntries(TASK_STATUSES.map((k) => [k, 0]));
      Object.assign(stats, s);
      stats.total = Object.values(s).reduce((a, b) => a + b, 0);
      out.taskStats = stats;
    }
    if (names.has('observableStats')) out.observableStats = observables.get(r.id) ?? { total: 0, ioc: 0 };
    if (names.has('alerts'))
      out.alerts = (alerts.get(r.id) ?? []).map((a) => ({
        _id: formatId(a.id),
        type: a.type,
        source: a.source,
      }));
    if (names.has('alertCount')) out.alertCount = alerts.get(r.id)?.length ?? 0;
    if (acting) out.actionRequired = acting.has(r.id);
    if (links) {
      const l = links.get(r.id)!;
      out.links = {
        cases: l.cases,
        external: l.external.map((e) => ({
          type: e.link_type,
          url: e.url,
          _createdBy: e.created_by,
          _createdAt: e.created_at,
        })),
      };
    }
    ownership(c, names, out, r, shares?.get(r.id) ?? 0);
    if (r.end_date !== null) {
      for (const [name, unit] of Object.entries(DURATIONS)) {
        const key = `computed.${name}`;
        if (names.has(key) || names.has('computed'))
          out[key] = Math.floor((r.end_date - r.start_date) / unit);
      }
    }
    return out;
  });
};

/** TheHive 4's status of an alert, derived from its case link and `read` flag. */
function v0Status(a: AlertRow): string {
  if (a.case_id !== null) return a.read ? 'Imported' : 'Updated';
  return a.read ? 'Ignored' : 'New';
}

const alertExtra: Extra = async (deps, c, rows, names) => {
  const alerts = rows as unknown as AlertRow[];
  const scope = readScopeOf(c);
  const numbers = new Map<number, number>();
  if (names.has('caseNumber') || names.has('relatedCase')) {
    const ids = alerts.map((a) => a.case_id).filter((id): id is number => id !== null);
    for (const r of await findCasesByIds(deps.db, scope, [...new Set(ids)])) numbers.set(r.id, r.number);
  }
  const similar = new Map<number, unknown[]>();
  if (names.has('similarCases')) {
    for (const a of alerts) {
      const s = await alertSimilarity(deps.db, scope, a, { cases: true });
      similar.set(a.id, s.cases.map(similarCaseV1));
    }
  }
  return alerts.map((a) => {
    const out: Item = {};
    const computed = alertComputed(a);
    const number = a.case_id !== null ? numbers.get(a.case_id) : undefined;
    if (names.has('importDate') && computed.importDate !== undefined) out.importDate = computed.importDate;
    if (names.has('caseNumber') && number !== undefined) out.caseNumber = number;
    if (names.has('relatedCase') && number !== undefined) out.relatedCase = { number, isVisible: true };
    if (names.has('status')) out.status = v0Status(a);
    for (const name of Object.keys(DURATIONS)) {
      if (names.has(name) || names.has(`computed.${name}`))
        out[name] = computed[name as keyof typeof computed];
    }
    if (names.has('similarCases')) out.similarCases = similar.get(a.id) ?? [];
    return out;
  });
};

const observableExtra: Extra = async (deps, c, rows, names) => {
  const observables = rows as unknown as ObservableRow[];
  const seen =
    names.has('seen') || names.has('seenSummary')
      ? await seenOf(deps.db, readScopeOf(c), observables)
      : undefined;
  return observables.map((o) => {
    const out: Item = {};
    const s = seen?.get(o.id) ?? { seen: 0, ioc: false };
    if (names.has('seen')) out.seen = { seen: s.seen, ioc: s.ioc };
    if (names.has('seenSummary')) out.seenSummary = { seen: s.seen, ioc: s.ioc };
    ownership(c, names, out, o);
    return out;
  });
};

const taskExtra: Extra = async (deps, c, rows, names) => {
  const tasks = rows as unknown as TaskRow[];
  const cases = await casesIfAsked(deps, c, names, tasks);
  const asked =
    names.has('actionRequired') || names.has('actionRequiredMap')
      ? await actionsOfTasks(
          deps.db,
          tasks.map((t) => t.id),
        )
      : undefined;
  const parties = names.has('actionRequiredMap') ? await partiesOfTasks(deps.db, tasks) : undefined;
  return tasks.map((t) => {
    const out: Item = {};
    if (cases) {
      const kase = cases.get(t.case_id);
      if (kase) out.case = kase;
    }
    if (names.has('caseId')) out.caseId = formatId(t.case_id);
    ownership(c, names, out, t);
    // an action asked of the caller's organisation (PUT /task/{id}/actionRequired/{org}) decides;
    // without one, a mandatory task still open waits for its organisation
    if (names.has('actionRequired'))
      out.actionRequired = asked?.get(t.id)?.get(c.actor.organisationId) ?? requiresAction(t);
    // per organisation taking part in the task (owner and shares): whether an action is awaited
    if (parties) {
      const map: Record<string, boolean> = {};
      for (const p of parties.get(t.id) ?? []) map[p.name] = asked?.get(t.id)?.get(p.id) ?? false;
      out.actionRequiredMap = map;
    }
    return out;
  });
};

const logExtra: Extra = async (deps, c, rows, names) => {
  const logs = rows as unknown as TaskLogRow[];
  const cases = await casesIfAsked(deps, c, names, logs);
  const tasks = names.has('task')
    ? new Map(
        (await findTasksByIds(deps.db, readScopeOf(c), [...new Set(logs.map((l) => l.task_id))])).map((t) => [
          t.id,
          taskV1(t),
        ]),
      )
    : undefined;
  return logs.map((l) => {
    const out: Item = {};
    const kase = cases?.get(l.case_id);
    if (kase) out.case = kase;
    const task = tasks?.get(l.task_id);
    if (task) out.task = task;
    if (names.has('taskId')) out.taskId = formatId(l.task_id);
    return out;
  });
};

const procedureExtraData: Extra = async (deps, _c, rows, names) =>
  (await toProcedureViews(deps.db, rows as unknown as ProcedureRow[])).map((v) => procedureExtra(v, names));

const pageTemplateExtra: Extra = async (deps, _c, rows, names) => {
  if (!names.has('caseTemplateCount')) return rows.map(() => ({}));
  const counts = await caseTemplateCounts(
    deps.db,
    rows.map((r) => r.id as number),
  );
  return rows.map((r) => ({ caseTemplateCount: counts.get(r.id as number) ?? 0 }));
};

const EXTRA: Record<string, Extra> = {
  procedure: procedureExtraData,
  pageTemplate: pageTemplateExtra,
  case: caseExtra,
  alert: alertExtra,
  observable: observableExtra,
  task: taskExtra,
  log: logExtra,
};

/** Adds the extraData `names` to rendered `items` (same order as `rows`). */
export async function addExtraData(
  deps: Deps,
  c: RequestContext,
  entity: string,
  rows: Row[],
  items: Item[],
  names: string[],
): Promise<void> {
  const fn = EXTRA[entity];
  const wanted = new Set(names.filter((n) => n !== 'total'));
  if (!fn || wanted.size === 0 || rows.length === 0) return;
  const extra = await fn(deps, c, rows, wanted);
  items.forEach((item, i) => {
    const current = item.extraData && typeof item.extraData === 'object' ? (item.extraData as Item) : {};
    item.extraData = { ...current, ...extra[i] };
  });
}
