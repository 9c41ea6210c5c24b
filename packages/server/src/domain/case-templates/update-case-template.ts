/**
 * Updates a case template (manageCaseTemplate). Listed fields are replaced; `tasks` and
 * `customFields`, when given, replace the template's whole list (template editors send it all).
 */
import { conflict, formatId, notFound } from '@propolis/core';
import type { Updateable } from 'kysely';
import {
  caseTemplateNameTaken,
  findCaseTemplate,
  updateCaseTemplate as updateRow,
} from '../../db/repositories/case-templates.js';
import type { CaseTemplateTable } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import {
  customFieldAuditDetails,
  resolveCustomFieldInput,
  writeCustomFieldValues,
} from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';
import type { CaseTemplateView } from './case-template-view.js';
import { getCaseTemplate } from './read-case-templates.js';
import {
  type CaseTemplateInput,
  checkTags,
  checkTemplateName,
  checkTemplateTasks,
  optionalRange,
  optionalText,
} from './template-input.js';

export async function updateCaseTemplate(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
  input: CaseTemplateInput,
): Promise<CaseTemplateView> {
  requirePermission(ctx, 'manageCaseTemplate');
  const scope = scopeOf(ctx);
  const current = await findCaseTemplate(deps.db, scope, idOrName);
  if (!current) throw notFound(`Case template ${idOrName} not found`);
  const set: Updateable<CaseTemplateTable> = { updated_at: Date.now(), updated_by: ctx.actor.login };
  const details: Record<string, unknown> = {};
  if (input.name !== undefined) set.name = details.name = checkTemplateName(input.name);
  if (input.displayName !== undefined)
    set.display_name = details.displayName =
      optionalText(input.displayName, 'displayName', 255) ?? set.name ?? current.name;
  if (input.titlePrefix !== undefined)
    set.title_prefix = details.titlePrefix = optionalText(input.titlePrefix, 'titlePrefix', 255);
  if (input.description !== undefined)
    set.description = details.description = optionalText(input.description, 'description', 1_048_576);
  if (input.severity !== undefined)
    set.severity = details.severity = optionalRange(input.severity, 'severity', 1, 4);
  if (input.tags !== undefined) {
    const tags = checkTags(input.tags);
    set.tags = JSON.stringify(tags);
    details.tags = tags;
  }
  if (input.flag !== undefined) {
    set.flag = input.flag ? 1 : 0;
    details.flag = input.flag;
  }
  if (input.tlp !== undefined) set.tlp = details.tlp = optionalRange(input.tlp, 'tlp', 0, 4);
  if (input.pap !== undefined) set.pap = details.pap = optionalRange(input.pap, 'pap', 0, 3);
  if (input.summary !== undefined)
    set.summary = details.summary = optionalText(input.summary, 'summary', 1_048_576);
  if (input.tasks !== undefined) {
    const tasks = await checkTemplateTasks(deps.db, ctx, input.tasks ?? []);
    set.tasks = JSON.stringify(tasks);
    details.tasks = tasks.length;
  }
  const customFields =
    input.customFields === undefined
      ? undefined
      : await resolveCustomFieldInput(deps.db, input.customFields, { enforceMandatory: false });
  if (customFields) details.customFields = customFieldAuditDetails(customFields);
  await inTransaction(deps, async (trx) => {
    if (set.name !== undefined && (await caseTemplateNameTaken(trx, scope, set.name as string, current.id))) {
      throw conflict(`Case template ${set.name as string} already exists`);
    }
    await updateRow(trx, scope, current.id, set);
    if (customFields)
      await writeCustomFieldValues(
        trx,
        scope.organisationId,
        'caseTemplate',
        current.id,
        customFields,
        'replace',
      );
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'CaseTemplate', objectId: formatId(current.id), details },
    ]);
  });
  return getCaseTemplate(deps, ctx, formatId(current.id));
}
