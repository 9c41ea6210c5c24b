/**
 * Reading case templates of the acting organisation (every member may), and `resolveTemplate`,
 * which case creation uses to apply a template.
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { findCaseTemplate, listCaseTemplates as listRows } from '../../db/repositories/case-templates.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type CaseTemplateView, toCaseTemplateViews } from './case-template-view.js';

/**
 * The template named (or with id `~n`) in the scope's organisation, with its tasks and resolved
 * custom field values; undefined when there is none. Applying it to a new case (TheHive's
 * applyTemplate): title = `titlePrefix + " " + title`; description, severity, flag, tlp, pap from
 * the case else the template; tags = union; the template's tasks; custom fields merged with
 * `mergeCustomFields(template.customFields, caseValues)` (the case wins).
 */
export async function resolveTemplate(
  db: Kysely<Database>,
  scope: Scope,
  nameOrId: string,
): Promise<CaseTemplateView | undefined> {
  const row = await findCaseTemplate(db, scope, nameOrId);
  if (!row) return undefined;
  const [view] = await toCaseTemplateViews(db, [row]);
  return view;
}

export async function getCaseTemplate(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
): Promise<CaseTemplateView> {
  const view = await resolveTemplate(deps.db, scopeOf(ctx), idOrName);
  if (!view) throw notFound(`Case template ${idOrName} not found`);
  return view;
}

export async function listCaseTemplates(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
): Promise<CaseTemplateView[]> {
  return toCaseTemplateViews(deps.db, await listRows(deps.db, scopeOf(ctx)));
}
