/**
 * `POST /api/v1/case/_bulk/caseTemplate` (TheHive 5, thehive4py `case.apply_case_template`): a case
 * template applied to existing cases. Each `update*` flag takes that part of the template (title
 * prefix, description, tags added, severity, flag, TLP, PAP, custom field values); `importTasks`
 * and `importPages` name the template's tasks and page templates (by title) to add, a case that
 * already has one of that title keeping its own. All the cases change in one transaction, or none.
 */
import { badRequest } from '@propolis/core';
import type { CaseRow } from '../../db/repositories/cases.js';
import { listPages } from '../../db/repositories/pages.js';
import { tasksOfCases } from '../../db/repositories/tasks.js';
import { getCaseTemplate } from '../case-templates/read-case-templates.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { insertCheckedPages } from '../pages/case-pages.js';
import { templatePages } from '../pages/page-templates.js';
import { insertCaseTasks } from '../tasks/create-tasks.js';
import type { CaseUpdate } from './case-input.js';
import { visibleCase } from './guards.js';
import { apply, type Planned, plan } from './update-case.js';

export interface ApplyCaseTemplateInput {
  ids: string[];
  caseTemplate: string;
  updateTitlePrefix?: boolean;
  updateDescription?: boolean;
  updateTags?: boolean;
  updateSeverity?: boolean;
  updateFlag?: boolean;
  updateTlp?: boolean;
  updatePap?: boolean;
  updateCustomFields?: boolean;
  importTasks?: string[];
  importPages?: string[];
}

export async function applyCaseTemplate(
  deps: Deps,
  ctx: RequestContext,
  input: ApplyCaseTemplateInput,
): Promise<void> {
  requirePermission(ctx, 'manageCase/update');
  const template = await getCaseTemplate(deps, ctx, input.caseTemplate);
  const scope = scopeOf(ctx);
  const cases: CaseRow[] = [];
  for (const id of input.ids) cases.push(await visibleCase(deps.db, ctx, id));
  const taskTitles = input.importTasks ?? [];
  const unknownTasks = taskTitles.filter((t) => !template.tasks.some((x) => x.title === t));
  if (unknownTasks.length > 0)
    throw badRequest(
      `importTasks: template ${template.name} has no task ${unknownTasks.map((t) => `"${t}"`).join(', ')} (it has ${template.tasks.map((t) => `"${t.title}"`).join(', ') || 'none'})`,
    );
  const pages = await templatePages(deps.db, scope, template.id);
  const pageTitles = input.importPages ?? [];
  const unknownPages = pageTitles.filter((t) => !pages.some((p) => p.title === t));
  if (unknownPages.length > 0)
    throw badRequest(
      `importPages: template ${template.name} has no page ${unknownPages.map((t) => `"${t}"`).join(', ')} (it has ${pages.map((p) => `"${p.title}"`).join(', ') || 'none'})`,
    );
  if (taskTitles.length > 0) requirePermission(ctx, 'manageTask');
  if (pageTitles.length > 0) requirePermission(ctx, 'managePage');
  const customFields = input.updateCustomFields
    ? template.customFields.map((c) => ({ name: c.name, value: c.value, order: c.order }))
    : undefined;
  const now = Date.now();
  const planned: Array<{ p: Planned; kase: CaseRow }> = [];
  for (const kase of cases) {
    const update: CaseUpdate = {};
    const prefix = template.titlePrefix?.trim();
    if (input.updateTitlePrefix && prefix && !kase.title.startsWith(prefix))
      update.title = `${prefix} ${kase.title}`;
    if (input.updateDescription && template.description !== null) update.description = template.description;
    if (input.updateTags && template.tags.length > 0) update.addTags = template.tags;
    if (input.updateSeverity && template.severity !== null) update.severity = template.severity;
    if (input.updateFlag) update.flag = template.flag;
    if (input.updateTlp && template.tlp !== null) update.tlp = template.tlp;
    if (input.updatePap && template.pap !== null) update.pap = template.pap;
    planned.push({ p: await plan(deps, ctx, kase, update, now), kase });
  }
  const existingTasks = await tasksOfCases(
    deps.db,
    scope,
    cases.map((c) => c.id),
  );
  await inTransaction(deps, async (trx) => {
    for (const { p, kase } of planned) {
      p.details.caseTemplate = template.name;
      await apply(trx, ctx, p, customFields, now);
      const has = new Set(existingTasks.filter((t) => t.case_id === kase.id).map((t) => t.title));
      const tasks = template.tasks.filter((t) => taskTitles.includes(t.title) && !has.has(t.title));
      // tasks and pages audit themselves, as when they are added one by one
      await insertCaseTasks(trx, ctx, kase.id, tasks);
      const hasPage = new Set((await listPages(trx, scope, kase.id)).map((x) => x.title));
      const newPages = pages.filter((x) => pageTitles.includes(x.title) && !hasPage.has(x.title));
      await insertCheckedPages(trx, ctx, kase.id, newPages, now);
    }
  });
}
