/**
 * Merges cases into a new one: title, description and summary joined, highest severity, TLP and
 * PAP, earliest start, tags unioned, tasks copied (Waiting ones once per title) with their logs,
 * observables deduplicated. The source cases are kept, closed as Duplicated and pointing to the
 * new case, so nothing is lost (TheHive 4 deleted them; TheHive 3 kept them like this).
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import type { Transaction } from 'kysely';
import { type CaseRow, findCase, insertCase, updateCase } from '../../db/repositories/cases.js';
import { copyObservablesToCase } from '../../db/repositories/observables.js';
import { nextSequence } from '../../db/repositories/sequences.js';
import { replaceTags } from '../../db/repositories/tags.js';
import {
  attachmentsOfLogs,
  insertLog,
  linkLogAttachments,
  logsOfTasks,
} from '../../db/repositories/task-logs.js';
import { closeTasksOfCase, insertTasks, tasksOfCases } from '../../db/repositories/tasks.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { mergeObservableValues } from '../observables/merge-rule.js';
import { type CaseView, toCaseView } from './case-view.js';
import { visibleCase } from './guards.js';

const IMPACT_PRIORITY = ['WithImpact', 'NoImpact', 'NotApplicable'];

async function copyTasks(
  trx: Transaction<Database>,
  ctx: RequestContext,
  sources: CaseRow[],
  target: number,
  now: number,
) {
  const scope = scopeOf(ctx);
  const tasks = await tasksOfCases(
    trx,
    scope,
    sources.map((c) => c.id),
  );
  const waitingTitles = new Set<string>();
  const logs = await logsOfTasks(
    trx,
    scope,
    tasks.map((t) => t.id),
  );
  const attachments = await attachmentsOfLogs(
    trx,
    scope,
    logs.map((l) => l.id),
  );
  for (const t of tasks) {
    if (t.status === 'Waiting') {
      if (waitingTitles.has(t.title)) continue;
      waitingTitles.add(t.title);
    }
    const { id: _id, ...rest } = t;
    const [copy] = await insertTasks(trx, [
      {
        ...rest,
        case_id: target,
        ...createdNow(ctx, now),
      },
    ]);
    for (const l of logs.filter((x) => x.task_id === t.id)) {
      const { id: _lid, ...lrest } = l;
      const logCopy = await insertLog(trx, { ...lrest, task_id: copy!.id, case_id: target });
      await linkLogAttachments(
        trx,
        logCopy.id,
        (attachments.get(l.id) ?? []).map((a) => a.id),
      );
    }
  }
}

export async function mergeCases(deps: Deps, ctx: RequestContext, ids: string[]): Promise<CaseView> {
  requirePermission(ctx, 'manageCase/merge');
  const unique = [...new Set(ids.map((i) => i.trim()).filter(Boolean))];
  if (unique.length < 2) throw badRequest('ids: at least two different cases are needed to merge');
  if (unique.length > 100) throw badRequest('ids: at most 100 cases can be merged at once');
  const sources: CaseRow[] = [];
  for (const id of unique) {
    const c = await visibleCase(deps.db, ctx, id);
    if (sources.some((s) => s.id === c.id)) throw badRequest(`ids: case ${id} is listed twice`);
    if (c.merged_into !== null)
      throw badRequest(`ids: case #${c.number} was already merged into ${formatId(c.merged_into)}`);
    sources.push(c);
  }
  const scope = scopeOf(ctx);
  const now = Date.now();
  const tags = [...new Set(sources.flatMap((c) => JSON.parse(c.tags) as string[]))];
  const summaries = sources.filter((c) => c.summary).map((c) => `#${c.number}: ${c.summary}`);
  const impact = IMPACT_PRIORITY.find((p) => sources.some((c) => c.impact_status === p)) ?? null;
  const id = await inTransaction(deps, async (trx) => {
    const number = await nextSequence(trx, ctx.actor.organisationId, 'case');
    const merged = await insertCase(trx, {
      organisation_id: ctx.actor.organisationId,
      number,
      title: sources
        .map((c) => c.title)
        .join(' / ')
        .slice(0, 512),
      description: sources
        .filter((c) => c.description.trim())
        .map((c) => `#### ${c.title} (#${c.number})\n\n${c.description}`)
        .join('\n\n'),
      severity: Math.max(...sources.map((c) => c.severity)),
      start_date: Math.min(...sources.map((c) => c.start_date)),
      end_date: null,
      tags: JSON.stringify(tags),
      flag: sources.some((c) => c.flag === 1) ? 1 : 0,
      tlp: Math.max(...sources.map((c) => c.tlp)),
      pap: Math.max(...sources.map((c) => c.pap)),
      status: 'InProgress',
      stage: 'InProgress',
      impact_status: impact,
      summary: summaries.length ? summaries.join(' / ') : null,
      assignee: sources.find((c) => c.assignee)?.assignee ?? null,
      case_template: null,
      merged_into: null,
      in_progress_date: now,
      closed_date: null,
      ...createdNow(ctx, now),
    });
    await replaceTags(trx, ctx.actor.organisationId, 'case', merged.id, tags);
    await copyTasks(trx, ctx, sources, merged.id, now);
    const copied = await copyObservablesToCase(
      trx,
      scope,
      sources.map((c) => c.id),
      merged.id,
      { by: ctx.actor.login, merge: mergeObservableValues },
    );
    for (const c of sources) {
      const note = `Merged into #${number} ${merged.title}`;
      await updateCase(trx, scope, c.id, {
        status: 'Duplicated',
        stage: 'Closed',
        end_date: c.end_date ?? now,
        closed_date: c.closed_date ?? now,
        merged_into: merged.id,
        summary: c.summary ? `${c.summary}\n\n${note}` : note,
        updated_at: now,
        updated_by: ctx.actor.login,
      });
      await closeTasksOfCase(trx, scope, c.id, now, ctx.actor.login);
    }
    await appendAudit(trx, ctx, [
      {
        action: 'merge',
        objectType: 'Case',
        objectId: formatId(merged.id),
        details: {
          cases: sources.map((c) => ({ _id: formatId(c.id), number: c.number, title: c.title })),
          observables: copied.created.length,
        },
      },
      ...sources.map((c) => ({
        action: 'update' as const,
        objectType: 'Case',
        objectId: formatId(c.id),
        details: { status: 'Duplicated', mergedInto: formatId(merged.id) },
      })),
    ]);
    return merged.id;
  });
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findCase(deps.db, scope, id);
  if (!current) throw notFound(`Case ${formatId(id)} not found`);
  return toCaseView(current);
}
