/**
 * Updating cases, one or in bulk. Closing (a status whose stage is Closed) sets the end date and
 * closes the tasks (Waiting → Cancel, InProgress → Completed); reopening clears the end date.
 */
import { formatId, MAX_LONG_TEXT, MAX_TITLE, notFound } from '@propolis/core';
import type { Transaction, Updateable } from 'kysely';
import {
  type CaseRow,
  findCase,
  findCasesByIds,
  updateCase as updateRow,
} from '../../db/repositories/cases.js';
import { replaceTags } from '../../db/repositories/tags.js';
import { closeTasksOfCase } from '../../db/repositories/tasks.js';
import type { CaseTable, Database } from '../../db/schema.js';
import { type AuditEntry, appendAudit } from '../../events/audit.js';
import { permittedScope, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { bitColumn, type FieldRules, fieldChanges } from '../field-changes.js';
import { checkLength, checkPap, checkSeverity, checkText, checkTlp } from '../input-rules.js';
import { resolveStatus } from '../statuses/statuses.js';
import { applyTagChanges } from '../tags/tag-changes.js';
import { checkAssignee } from '../users/assignee.js';
import { type CaseUpdate, checkImpact } from './case-input.js';
import { type CaseView, toCaseView } from './case-view.js';
import { visibleCase } from './guards.js';
import { writeCaseCustomFields } from './template-support.js';

export interface Planned {
  kase: CaseRow;
  set: Updateable<CaseTable>;
  tags?: string[];
  details: Record<string, unknown>;
  closing: boolean;
}

const CASE_FIELDS: FieldRules<CaseUpdate, CaseTable> = {
  title: { column: 'title', check: (v) => checkText(v, 'title', MAX_TITLE) },
  description: { column: 'description', check: (v) => checkLength(v, 'description', MAX_LONG_TEXT) },
  severity: { column: 'severity', check: checkSeverity },
  tlp: { column: 'tlp', check: checkTlp },
  pap: { column: 'pap', check: checkPap },
  startDate: { column: 'start_date' },
  endDate: { column: 'end_date' },
  flag: bitColumn('flag'),
  // an empty summary is no summary: it reads back absent, as in TheHive 5
  summary: { column: 'summary', check: (v) => (v?.trim() ? v : null) },
  impactStatus: { column: 'impact_status', check: checkImpact },
};

export async function plan(
  deps: Deps,
  ctx: RequestContext,
  kase: CaseRow,
  input: CaseUpdate,
  now: number,
): Promise<Planned> {
  const { set, details } = fieldChanges(input, CASE_FIELDS);
  if (input.assignee !== undefined)
    set.assignee = details.assignee = await checkAssignee(deps.db, ctx, input.assignee);
  const tags = applyTagChanges(kase.tags, input);
  if (tags) {
    set.tags = JSON.stringify(tags);
    details.tags = tags;
  }
  let closing = false;
  if (input.status !== undefined) {
    const { status, stage } = await resolveStatus(deps.db, scopeOf(ctx), 'case', input.status);
    if (status !== kase.status) {
      set.status = details.status = status;
      set.stage = stage;
      if (stage === 'Closed' && kase.stage !== 'Closed') {
        closing = true;
        set.end_date = input.endDate ?? now;
        set.closed_date = now;
        set.flag = input.flag === true ? 1 : 0;
      } else if (stage !== 'Closed' && kase.stage === 'Closed') {
        // TheHive 5's manageCase/reopen: a closed case set back to an open status
        requirePermission(ctx, 'manageCase/reopen');
        set.end_date = null;
        set.closed_date = null;
      }
      if (stage === 'InProgress' && !kase.in_progress_date) set.in_progress_date = now;
    }
  }
  return { kase, set, tags, details, closing };
}

export async function apply(
  trx: Transaction<Database>,
  ctx: RequestContext,
  p: Planned,
  customFields: unknown,
  now: number,
): Promise<void> {
  const scope = scopeOf(ctx);
  await updateRow(trx, scope, p.kase.id, { ...p.set, updated_at: now, updated_by: ctx.actor.login });
  if (p.tags) await replaceTags(trx, ctx.actor.organisationId, 'case', p.kase.id, p.tags);
  if (customFields !== undefined) {
    await writeCaseCustomFields(trx, ctx, p.kase.id, customFields, 'merge');
    p.details.customFields = customFields;
  }
  const audits: AuditEntry[] = [
    { action: 'update', objectType: 'Case', objectId: formatId(p.kase.id), details: p.details },
  ];
  if (p.closing) {
    const closed = await closeTasksOfCase(trx, scope, p.kase.id, now, ctx.actor.login);
    for (const t of closed) {
      audits.push({
        action: 'update',
        objectType: 'Task',
        objectId: formatId(t.id),
        rootId: formatId(p.kase.id),
        details: { status: t.status === 'Waiting' ? 'Cancel' : 'Completed' },
      });
    }
  }
  await appendAudit(trx, ctx, audits);
}

export async function updateCase(
  deps: Deps,
  ctx: RequestContext,
  idOrNumber: string,
  input: CaseUpdate,
): Promise<CaseView> {
  requirePermission(ctx, 'manageCase/update');
  const kase = await visibleCase(deps.db, ctx, idOrNumber);
  const now = Date.now();
  const p = await plan(deps, ctx, kase, input, now);
  await inTransaction(deps, (trx) => apply(trx, ctx, p, input.customFields, now));
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findCase(deps.db, scopeOf(ctx), kase.id);
  if (!current) throw notFound(`Case ${formatId(kase.id)} not found`);
  return toCaseView(current);
}

export async function bulkUpdateCases(
  deps: Deps,
  ctx: RequestContext,
  ids: string[],
  input: CaseUpdate,
): Promise<CaseView[]> {
  const scope = permittedScope(ctx, 'manageCase/update');
  const rows: CaseRow[] = [];
  for (const id of ids) {
    const row = await findCase(deps.db, scope, id);
    if (!row) throw notFound(`Case ${id} not found`);
    rows.push(row);
  }
  const now = Date.now();
  const planned: Planned[] = [];
  for (const kase of rows) planned.push(await plan(deps, ctx, kase, input, now));
  await inTransaction(deps, async (trx) => {
    for (const p of planned) await apply(trx, ctx, p, input.customFields, now);
  });
  return (
    await findCasesByIds(
      deps.db,
      scope,
      rows.map((r) => r.id),
    )
  ).map(toCaseView);
}
