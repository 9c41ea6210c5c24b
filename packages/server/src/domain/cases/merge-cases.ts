/**
 * Merges cases into a new one and deletes them, as TheHive documents ("permanently removes the source
 * cases"): title, description and summary joined, highest severity, TLP and PAP, earliest start,
 * tags unioned. Everything the sources hold moves to the new case in the same transaction — tasks
 * with their logs (a Waiting task without logs only once per title), observables (those holding the
 * same type and value folded into one), procedures, pages, comments, custom events, files, external
 * and case links, custom field values (the first source's value of a field), shares (the first
 * source's share with an organisation), alert links, access restrictions — and a custom event on the
 * new case names the sources. Each source gets a `delete` audit row naming the merged case, so the
 * stream, webhooks and notifications say it is gone; reading it afterwards answers 404.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import type { Transaction } from 'kysely';
import {
  duplicateWaitingTasks,
  mergeRestrictions,
  moveCaseAttachmentsAndLinks,
  moveCaseLinks,
  moveCaseRows,
  moveShares,
} from '../../db/repositories/case-merge.js';
import { type CaseRow, deleteCase, findCase, insertCase } from '../../db/repositories/cases.js';
import { insertCustomEvent } from '../../db/repositories/custom-events.js';
import {
  findObservable,
  observableInCase,
  observablesOfCase,
  updateObservable,
} from '../../db/repositories/observables.js';
import { nextSequence } from '../../db/repositories/sequences.js';
import { deleteTagsOf, replaceTags } from '../../db/repositories/tags.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { foldDuplicate } from '../observables/fold-duplicate.js';
import { type CaseView, toCaseView } from './case-view.js';
import { visibleCase } from './guards.js';
import { caseDependents } from './template-support.js';

const IMPACT_PRIORITY = ['WithImpact', 'NoImpact', 'NotApplicable'];

/**
 * The sources' observables move to the target; one holding the same type and value as an observable
 * already there is folded into it (tags, flags, message and reports united). Returns how many moved
 * and how many were folded.
 */
async function moveObservables(
  trx: Transaction<Database>,
  ctx: RequestContext,
  sources: CaseRow[],
  target: number,
): Promise<{ moved: number; folded: number }> {
  const scope = scopeOf(ctx);
  let moved = 0;
  let folded = 0;
  for (const c of sources) {
    for (const o of await observablesOfCase(trx, scope, c.id)) {
      const twin = await observableInCase(trx, scope, target, o.data_type, o.data_key);
      if (twin) {
        await foldDuplicate(trx, (await findObservable(trx, scope, twin.id)) ?? twin, o, ctx.actor.login);
        folded++;
      } else {
        await updateObservable(trx, scope, o.id, { case_id: target });
        moved++;
      }
    }
  }
  return { moved, folded };
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
    const ids = sources.map((c) => c.id);
    const skipTasks = await duplicateWaitingTasks(trx, ids);
    await moveCaseRows(trx, ids, merged.id, { skipTasks });
    const observables = await moveObservables(trx, ctx, sources, merged.id);
    const sharedWith = await moveShares(trx, ids, merged.id);
    await moveCaseLinks(trx, ids, merged.id);
    await moveCaseAttachmentsAndLinks(trx, ids, merged.id);
    const restricted = await mergeRestrictions(trx, ids, merged.id, ctx.actor.organisationId);
    const named = sources.map((c) => `#${c.number} ${c.title}`);
    await insertCustomEvent(trx, {
      organisation_id: ctx.actor.organisationId,
      case_id: merged.id,
      date: now,
      end_date: null,
      title: `Merged from ${named.join(', ')}`.slice(0, 512),
      description: sources.map((c) => `- #${c.number} ${c.title} (${formatId(c.id)})`).join('\n'),
      ...createdNow(ctx, now),
    });
    await caseDependents.beforeDelete(trx, scope, ids);
    await deleteTagsOf(trx, 'case', ids);
    for (const c of sources) await deleteCase(trx, scope, c.id);
    const mergedFrom = sources.map((c) => ({ _id: formatId(c.id), number: c.number, title: c.title }));
    await appendAudit(trx, ctx, [
      {
        action: 'merge',
        objectType: 'Case',
        objectId: formatId(merged.id),
        details: {
          cases: mergedFrom,
          observables: observables.moved,
          foldedObservables: observables.folded,
          ...(sharedWith.length && { sharedWith }),
          ...(restricted && { restricted }),
        },
      },
      ...sources.map((c) => ({
        action: 'delete' as const,
        objectType: 'Case',
        objectId: formatId(c.id),
        details: { number: c.number, title: c.title, mergedInto: formatId(merged.id) },
      })),
    ]);
    return merged.id;
  });
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findCase(deps.db, scope, id);
  if (!current) throw notFound(`Case ${formatId(id)} not found`);
  return toCaseView(current);
}
