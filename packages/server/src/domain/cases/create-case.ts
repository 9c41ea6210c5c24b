/**
 * Creates a case, optionally from a template (title prefix, tasks, custom fields, tags and
 * defaults), with its tasks, in one transaction. Numbers are a sequence per organisation.
 */
import { formatId, MAX_LONG_TEXT, MAX_TITLE, notFound } from '@propolis/core';
import type { Transaction } from 'kysely';
import { type CaseRow, findCase, insertCase } from '../../db/repositories/cases.js';
import { nextSequence } from '../../db/repositories/sequences.js';
import { replaceTags } from '../../db/repositories/tags.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkLength, checkPap, checkSeverity, checkTags, checkText, checkTlp } from '../input-rules.js';
import { insertCheckedPages } from '../pages/case-pages.js';
import { type CheckedPage, checkPage } from '../pages/page-input.js';
import { resolveStatus } from '../statuses/statuses.js';
import { insertCaseTasks } from '../tasks/create-tasks.js';
import { checkAssignee } from '../users/assignee.js';
import { type CaseInput, checkImpact } from './case-input.js';
import { type CaseView, toCaseView } from './case-view.js';
import { applyTemplate, writeCaseCustomFields } from './template-support.js';

/** A case input checked and with its template applied, ready to be inserted inside a transaction. */
export interface PreparedCase {
  input: CaseInput;
  /** A built-in or organisation-defined status, and its stage. */
  status: string;
  stage: string;
  values: { title: string; description: string; severity: number; tlp: number; pap: number; tags: string[] };
  assignee: string | null;
  pages: CheckedPage[];
}

/** Applies the template and checks the input (reads only; call before the transaction). */
export async function prepareCase(deps: Deps, ctx: RequestContext, raw: CaseInput): Promise<PreparedCase> {
  const input = await applyTemplate(deps, ctx, raw);
  const { status, stage } = await resolveStatus(deps.db, scopeOf(ctx), 'case', input.status ?? 'New');
  const values = {
    title: checkText(input.title, 'title', MAX_TITLE),
    description: checkLength(input.description ?? '', 'description', MAX_LONG_TEXT),
    severity: checkSeverity(input.severity),
    tlp: checkTlp(input.tlp),
    pap: checkPap(input.pap),
    tags: checkTags(input.tags ?? []),
  };
  const assignee = await checkAssignee(deps.db, ctx, input.assignee ?? null);
  const pages = (input.pages ?? []).map((p, i) => checkPage(p, `pages[${i}]`));
  return { input, status, stage, values, assignee, pages };
}

/** Inserts a prepared case (number, tags, custom fields, tasks, audit) inside the caller's transaction. */
export async function insertPreparedCase(
  trx: Transaction<Database>,
  ctx: RequestContext,
  prepared: PreparedCase,
  now: number,
): Promise<CaseRow> {
  const { input, status, stage, values, assignee } = prepared;
  const number = await nextSequence(trx, ctx.actor.organisationId, 'case');
  const row = await insertCase(trx, {
    organisation_id: ctx.actor.organisationId,
    number,
    ...values,
    tags: JSON.stringify(values.tags),
    start_date: input.startDate ?? now,
    end_date: stage === 'Closed' ? (input.endDate ?? now) : null,
    flag: input.flag ? 1 : 0,
    status,
    stage,
    impact_status: checkImpact(input.impactStatus),
    summary: input.summary?.trim() ? input.summary : null,
    assignee,
    case_template: input.caseTemplate ?? null,
    merged_into: null,
    in_progress_date: stage === 'InProgress' ? now : null,
    closed_date: stage === 'Closed' ? now : null,
    ...createdNow(ctx, now),
  });
  await replaceTags(trx, ctx.actor.organisationId, 'case', row.id, values.tags);
  await writeCaseCustomFields(trx, ctx, row.id, input.customFields, 'replace');
  await appendAudit(trx, ctx, [
    {
      action: 'create',
      objectType: 'Case',
      objectId: formatId(row.id),
      details: {
        number,
        title: values.title,
        severity: values.severity,
        tlp: values.tlp,
        status,
        tags: values.tags,
      },
    },
  ]);
  if (input.tasks?.length) await insertCaseTasks(trx, ctx, row.id, input.tasks, 'tasks');
  if (prepared.pages.length) await insertCheckedPages(trx, ctx, row.id, prepared.pages, now);
  return row;
}

export async function createCase(deps: Deps, ctx: RequestContext, raw: CaseInput): Promise<CaseView> {
  requirePermission(ctx, 'manageCase/create');
  const prepared = await prepareCase(deps, ctx, raw);
  const scope = scopeOf(ctx);
  const row = await inTransaction(deps, (trx) => insertPreparedCase(trx, ctx, prepared, Date.now()));
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findCase(deps.db, scope, row.id);
  if (!current) throw notFound(`Case ${formatId(row.id)} not found`);
  return toCaseView(current);
}
