/**
 * What a case report template sees (docs/reports.md): the case, its tasks with their logs, its
 * observables (and the IOCs among them), its TTPs, its pages and its timeline, with dates as
 * ISO-8601 text and scales with their names, read in the caller's scope.
 */
import { formatId } from '@propolis/core';
import { observablesOfCase } from '../../db/repositories/observables.js';
import { listPages } from '../../db/repositories/pages.js';
import { proceduresOfCase } from '../../db/repositories/procedures.js';
import { logsOfTasks } from '../../db/repositories/task-logs.js';
import { tasksOfCases } from '../../db/repositories/tasks.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { toProcedureViews } from '../procedures/procedure-view.js';
import { readTimeline } from '../timeline/read-timeline.js';

const SEVERITIES = ['', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
const PAPS = ['CLEAR', 'GREEN', 'AMBER', 'RED'];

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '' : new Date(ms).toISOString();
const tagsOf = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
};

export async function caseReportView(deps: Deps, ctx: RequestContext, caseIdOrNumber: string) {
  const kase = await visibleCase(deps.db, ctx, caseIdOrNumber);
  const scope = readScopeOf(ctx);
  const [tasks, observables, procedures, pages, timeline] = await Promise.all([
    tasksOfCases(deps.db, scope, [kase.id]),
    observablesOfCase(deps.db, scope, kase.id),
    proceduresOfCase(deps.db, scope, kase.id).then((rows) => toProcedureViews(deps.db, rows)),
    listPages(deps.db, scope, kase.id),
    readTimeline(deps, ctx, formatId(kase.id)),
  ]);
  const logs = await logsOfTasks(
    deps.db,
    scope,
    tasks.map((t) => t.id),
  );
  const observableViews = observables.map((o) => ({
    dataType: o.data_type,
    data: o.data ?? '',
    message: o.message ?? '',
    ioc: o.ioc === 1,
    sighted: o.sighted === 1,
    tags: tagsOf(o.tags),
    tlp: TLPS[o.tlp] ?? '',
    createdAt: iso(o.created_at),
  }));
  return {
    organisation: ctx.actor.organisationName,
    generatedAt: iso(Date.now()),
    generatedBy: ctx.actor.login,
    case: {
      id: formatId(kase.id),
      number: kase.number,
      title: kase.title,
      description: kase.description,
      severity: SEVERITIES[kase.severity] ?? String(kase.severity),
      tlp: TLPS[kase.tlp] ?? String(kase.tlp),
      pap: PAPS[kase.pap] ?? String(kase.pap),
      status: kase.status,
      stage: kase.stage,
      tags: tagsOf(kase.tags),
      assignee: kase.assignee ?? '',
      summary: kase.summary ?? '',
      impactStatus: kase.impact_status ?? '',
      startDate: iso(kase.start_date),
      endDate: iso(kase.end_date),
      createdBy: kase.created_by,
      createdAt: iso(kase.created_at),
    },
    tasks: [...tasks]
      .sort((a, b) => a.order - b.order || a.id - b.id)
      .map((t) => ({
        title: t.title,
        group: t.group_name,
        status: t.status,
        assignee: t.assignee ?? '',
        description: t.description ?? '',
        startDate: iso(t.start_date),
        endDate: iso(t.end_date),
        logs: logs
          .filter((l) => l.task_id === t.id)
          .sort((a, b) => a.date - b.date)
          .map((l) => ({ message: l.message, date: iso(l.date), author: l.owner })),
      })),
    observables: observableViews,
    iocs: observableViews.filter((o) => o.ioc),
    ttps: procedures.map((p) => ({
      patternId: p.pattern.pattern_id,
      name: p.pattern.name,
      tactic: p.row.tactic ?? '',
      description: p.row.description ?? '',
      occurDate: iso(p.row.occur_date),
    })),
    pages: pages.map((p) => ({ title: p.title, category: p.category, content: p.content })),
    timeline: timeline.map((e) => ({
      date: iso(e.date),
      kind: e.kind,
      entity: e.entity,
      summary: String(e.details.title ?? e.details.message ?? e.details.data ?? e.details.name ?? ''),
    })),
  };
}

export type CaseReportView = Awaited<ReturnType<typeof caseReportView>>;
