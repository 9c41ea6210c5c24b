/**
 * Renders the rows a query selected with the presenters of each entity, per API version.
 * Add a line per entity of the query registry (query/registry.ts).
 */
import type { AlertRow } from '../../db/repositories/alerts.js';
import { attachmentsByIds } from '../../db/repositories/attachments.js';
import type { CaseTemplateRow } from '../../db/repositories/case-templates.js';
import type { CaseRow } from '../../db/repositories/cases.js';
import { findCasesByIds } from '../../db/repositories/cases.js';
import type { CommentRow } from '../../db/repositories/comments.js';
import type { CustomFieldRow } from '../../db/repositories/custom-fields.js';
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';
import type { ObservableRow } from '../../db/repositories/observables.js';
import type { PageTemplateRow } from '../../db/repositories/page-templates.js';
import type { PageRow } from '../../db/repositories/pages.js';
import type { PatternRow } from '../../db/repositories/patterns.js';
import type { ProcedureRow } from '../../db/repositories/procedures.js';
import type { TaskLogRow } from '../../db/repositories/task-logs.js';
import type { TaskRow } from '../../db/repositories/tasks.js';
import { findTasksByIds } from '../../db/repositories/tasks.js';
import type { TaxonomyRow, TaxonomyTagRow } from '../../db/repositories/taxonomies.js';
import { toAlertView } from '../../domain/alerts/alert-view.js';
import { toCaseTemplateViews } from '../../domain/case-templates/case-template-view.js';
import { toCaseView } from '../../domain/cases/case-view.js';
import { type RequestContext, readScopeOf } from '../../domain/context.js';
import { toDefinition } from '../../domain/custom-fields/definition.js';
import type { Deps } from '../../domain/deps.js';
import { toLogViews } from '../../domain/logs/log-view.js';
import { observableViews } from '../../domain/observables/observable-view.js';
import { patternViews } from '../../domain/patterns/read-patterns.js';
import { toProcedureViews } from '../../domain/procedures/procedure-view.js';
import { taxonomyViews } from '../../domain/taxonomies/taxonomies.js';
import { renderAlertsV0, renderAlertsV1 } from '../presenters/alert-render.js';
import { attachmentV1 } from '../presenters/attachment.js';
import { type AuditRow, auditV0, auditV1 } from '../presenters/audit.js';
import { renderCasesV0, renderCasesV1 } from '../presenters/case-render.js';
import { caseTemplateV0, caseTemplateV1 } from '../presenters/case-template.js';
import { commentV1 } from '../presenters/comment.js';
import { customFieldV0, customFieldV1 } from '../presenters/custom-fields.js';
import { logV0, logV1 } from '../presenters/log.js';
import { observableV0, observableV1 } from '../presenters/observable.js';
import { observableTypeV0, observableTypeV1 } from '../presenters/observable-type.js';
import { pageTemplateV1, pageV1 } from '../presenters/page.js';
import { patternV1 } from '../presenters/pattern.js';
import { procedureV1 } from '../presenters/procedure.js';
import { taskV0, taskV1 } from '../presenters/task.js';
import { taxonomyTagV1, taxonomyV1 } from '../presenters/taxonomy.js';

/** A rendered entity (any output shape of @propolis/core wire/outputs.ts). */
export type Item = Record<string, unknown>;
/** A database row of the entity. */
export type Row = Record<string, unknown>;

export interface RenderOptions {
  /** v0 `nstats`: add `stats` where the entity has them. */
  stats?: boolean;
  /** v0 `nparent`: embed the parent (observable → case). */
  parents?: number;
}

type Renderer = (deps: Deps, c: RequestContext, rows: Row[], options: RenderOptions) => Promise<Item[]>;

const V1: Record<string, Renderer> = {
  case: (deps, c, rows) => renderCasesV1(deps, c, (rows as unknown as CaseRow[]).map(toCaseView)),
  task: async (_d, _c, rows) => (rows as unknown as TaskRow[]).map((t) => taskV1(t)),
  log: async (deps, c, rows) =>
    (await toLogViews(deps.db, readScopeOf(c), rows as unknown as TaskLogRow[])).map((v) =>
      logV1(v.log, v.attachments),
    ),
  observable: async (deps, c, rows) =>
    (await observableViews(deps.db, readScopeOf(c), rows as unknown as ObservableRow[])).map(observableV1),
  caseTemplate: async (deps, _c, rows) =>
    (await toCaseTemplateViews(deps.db, rows as unknown as CaseTemplateRow[])).map(caseTemplateV1),
  customField: async (_d, _c, rows) =>
    (rows as unknown as CustomFieldRow[]).map((r) => customFieldV1(toDefinition(r))),
  observableType: async (_d, _c, rows) => (rows as unknown as ObservableTypeRow[]).map(observableTypeV1),
  audit: async (_d, _c, rows) => (rows as unknown as AuditRow[]).map(auditV1),
  alert: (deps, c, rows) => renderAlertsV1(deps, c, (rows as unknown as AlertRow[]).map(toAlertView)),
  attachment: async (deps, c, rows) => {
    const views = await attachmentsByIds(
      deps.db,
      readScopeOf(c),
      rows.map((r) => Number(r.id)),
    );
    return rows.flatMap((r) => {
      const v = views.get(Number(r.id));
      return v ? [attachmentV1(v)] : [];
    });
  },
  comment: async (_d, _c, rows) => (rows as unknown as CommentRow[]).map((r) => commentV1(r)),
  page: async (_d, _c, rows) => (rows as unknown as PageRow[]).map((r) => pageV1(r)),
  pageTemplate: async (_d, _c, rows) => (rows as unknown as PageTemplateRow[]).map((r) => pageTemplateV1(r)),
  procedure: async (deps, _c, rows) =>
    (await toProcedureViews(deps.db, rows as unknown as ProcedureRow[])).map((v) => procedureV1(v)),
  taxonomy: async (deps, _c, rows) =>
    (await taxonomyViews(deps, rows as unknown as TaxonomyRow[])).map(taxonomyV1),
  tag: async (_d, _c, rows) => (rows as unknown as TaxonomyTagRow[]).map(taxonomyTagV1),
  pattern: async (deps, _c, rows) =>
    (await patternViews(deps, rows as unknown as PatternRow[])).map(patternV1),
};

const V0: Record<string, Renderer> = {
  audit: async (_d, _c, rows) => (rows as unknown as AuditRow[]).map(auditV0),
  case: (deps, c, rows, o) =>
    renderCasesV0(deps, c, (rows as unknown as CaseRow[]).map(toCaseView), { stats: o.stats ?? false }),
  task: async (deps, c, rows, o) => {
    const tasks = rows as unknown as TaskRow[];
    if (!o.parents) return tasks.map(taskV0);
    // v0 nparent: each task carries its case.
    const cases = await findCasesByIds(deps.db, readScopeOf(c), [...new Set(tasks.map((t) => t.case_id))]);
    const rendered = new Map(
      (await renderCasesV0(deps, c, cases.map(toCaseView))).map((r) => [r._id as string, r]),
    );
    return tasks.map((t) => ({ ...taskV0(t), case: rendered.get(`~${t.case_id}`) }));
  },
  log: async (deps, c, rows, o) => {
    const views = await toLogViews(deps.db, readScopeOf(c), rows as unknown as TaskLogRow[]);
    if (!o.parents) return views.map((v) => logV0(v.log, v.attachments));
    // v0 nparent: each log carries its task.
    const tasks = new Map(
      (await findTasksByIds(deps.db, readScopeOf(c), [...new Set(views.map((v) => v.log.task_id))])).map(
        (t) => [t.id, t],
      ),
    );
    return views.map((v) => {
      const task = tasks.get(v.log.task_id);
      return { ...logV0(v.log, v.attachments), ...(task ? { case_task: taskV0(task) } : {}) };
    });
  },
  observable: async (deps, c, rows, o) => {
    const observables = rows as unknown as ObservableRow[];
    const views = await observableViews(deps.db, readScopeOf(c), observables, { seen: o.stats ?? false });
    const cases = o.parents
      ? new Map(
          (
            await findCasesByIds(
              deps.db,
              readScopeOf(c),
              observables.map((r) => r.case_id).filter((id): id is number => id !== null),
            )
          ).map((r) => [r.id, r]),
        )
      : undefined;
    return views.map((v) => {
      const parent = v.row.case_id !== null ? cases?.get(v.row.case_id) : undefined;
      return observableV0(v, { stats: o.stats ?? false, ...(parent ? { case: parent } : {}) });
    });
  },
  caseTemplate: async (deps, _c, rows) =>
    (await toCaseTemplateViews(deps.db, rows as unknown as CaseTemplateRow[])).map(caseTemplateV0),
  customField: async (_d, _c, rows) =>
    (rows as unknown as CustomFieldRow[]).map((r) => customFieldV0(toDefinition(r))),
  observableType: async (_d, _c, rows) => (rows as unknown as ObservableTypeRow[]).map(observableTypeV0),
  alert: (deps, c, rows) => renderAlertsV0(deps, c, (rows as unknown as AlertRow[]).map(toAlertView)),
};

export async function renderRows(
  deps: Deps,
  c: RequestContext,
  entity: string,
  version: 'v0' | 'v1',
  rows: Row[],
  options: RenderOptions = {},
): Promise<Item[]> {
  const renderer = (version === 'v0' ? V0 : V1)[entity];
  if (!renderer) throw new Error(`no ${version} renderer for entity ${entity}`);
  return renderer(deps, c, rows, options);
}
