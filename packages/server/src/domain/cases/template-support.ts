/**
 * Where cases meet case templates, custom fields and observables (each owned by its own module).
 */
import { badRequest } from '@propolis/core';
import type { Transaction } from 'kysely';
import { detachAlertsFromCases } from '../../db/repositories/alerts.js';
import { deleteObservablesOfCases } from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { resolveTemplate } from '../case-templates/read-case-templates.js';
import { type RequestContext, scopeOf } from '../context.js';
import {
  deleteCustomFieldValues,
  mergeCustomFields,
  resolveCustomFieldInput,
  writeCustomFieldValues,
} from '../custom-fields/values.js';
import type { Deps } from '../deps.js';
import { templatePages } from '../pages/page-templates.js';
import type { CaseInput } from './case-input.js';

/**
 * Merges the named template into the input, as TheHive applies templates: title = prefix + " " +
 * title; description, severity, flag, TLP, PAP and summary from the case, else the template; tags
 * unioned; the template's tasks unless the case brings its own; custom fields merged (case wins).
 */
export async function applyTemplate(deps: Deps, ctx: RequestContext, input: CaseInput): Promise<CaseInput> {
  if (!input.caseTemplate) return input;
  const template = await resolveTemplate(deps.db, scopeOf(ctx), input.caseTemplate);
  if (!template)
    throw badRequest(`caseTemplate: no case template "${input.caseTemplate}" in this organisation`);
  const own = await resolveCustomFieldInput(deps.db, input.customFields, { enforceMandatory: false });
  const prefix = template.titlePrefix?.trim();
  return {
    ...input,
    caseTemplate: template.name,
    title: prefix && input.title ? `${prefix} ${input.title}` : input.title,
    description: input.description || template.description || '',
    severity: input.severity ?? template.severity ?? undefined,
    flag: input.flag ?? template.flag,
    tlp: input.tlp ?? template.tlp ?? undefined,
    pap: input.pap ?? template.pap ?? undefined,
    summary: input.summary ?? template.summary,
    tags: [...new Set([...template.tags, ...(input.tags ?? [])])],
    tasks: input.tasks?.length ? input.tasks : template.tasks,
    customFields: mergeCustomFields(template.customFields, own),
    pages: [...(await templatePages(deps.db, scopeOf(ctx), template.id)), ...(input.pages ?? [])],
  };
}

/** Writes a case's custom fields: at creation all of them (mandatory ones enforced), on update the listed ones. */
export async function writeCaseCustomFields(
  trx: Transaction<Database>,
  ctx: RequestContext,
  caseId: number,
  customFields: unknown,
  mode: 'replace' | 'merge',
): Promise<void> {
  if (mode === 'merge' && (customFields === undefined || customFields === null)) return;
  const values = await resolveCustomFieldInput(trx, customFields ?? [], {
    enforceMandatory: mode === 'replace',
  });
  await writeCustomFieldValues(trx, ctx.actor.organisationId, 'case', caseId, values, mode);
}

/** Clean-up of rows that reference cases without a foreign key (observables' tags and files, custom field values), and alerts going back to the queue. */
export const caseDependents = {
  async beforeDelete(trx: Transaction<Database>, scope: Scope, caseIds: number[]): Promise<void> {
    await deleteObservablesOfCases(trx, scope, caseIds);
    await detachAlertsFromCases(trx, scope, caseIds);
    await deleteCustomFieldValues(trx, 'case', caseIds);
  },
};
