/**
 * Creates a case template in the acting organisation (manageCaseTemplate). Names are unique per
 * organisation.
 */
import { conflict, formatId } from '@propolis/core';
import { caseTemplateNameTaken, insertCaseTemplate } from '../../db/repositories/case-templates.js';
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

export async function createCaseTemplate(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: CaseTemplateInput,
): Promise<CaseTemplateView> {
  requirePermission(ctx, 'manageCaseTemplate');
  const scope = scopeOf(ctx);
  const name = checkTemplateName(input.name);
  const displayName = optionalText(input.displayName, 'displayName', 255) ?? name;
  const row = {
    organisation_id: scope.organisationId,
    name,
    display_name: displayName,
    title_prefix: optionalText(input.titlePrefix, 'titlePrefix', 255) ?? null,
    description: optionalText(input.description, 'description', 1_048_576) ?? null,
    severity: optionalRange(input.severity, 'severity', 1, 4) ?? null,
    tags: JSON.stringify(checkTags(input.tags ?? [])),
    flag: input.flag ? 1 : 0,
    tlp: optionalRange(input.tlp, 'tlp', 0, 4) ?? null,
    pap: optionalRange(input.pap, 'pap', 0, 3) ?? null,
    summary: optionalText(input.summary, 'summary', 1_048_576) ?? null,
    tasks: JSON.stringify(await checkTemplateTasks(deps.db, ctx, input.tasks ?? [])),
    custom_fields: '[]',
    created_at: Date.now(),
    created_by: ctx.actor.login,
    updated_at: null,
    updated_by: null,
  };
  const customFields = await resolveCustomFieldInput(deps.db, input.customFields, {
    enforceMandatory: false,
  });
  const id = await inTransaction(deps, async (trx) => {
    if (await caseTemplateNameTaken(trx, scope, name)) throw conflict(`Case template ${name} already exists`);
    const inserted = await insertCaseTemplate(trx, row);
    await writeCustomFieldValues(
      trx,
      scope.organisationId,
      'caseTemplate',
      inserted.id,
      customFields,
      'replace',
    );
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'CaseTemplate',
        objectId: formatId(inserted.id),
        details: {
          name,
          displayName,
          tasks: JSON.parse(row.tasks).length,
          customFields: customFieldAuditDetails(customFields),
        },
      },
    ]);
    return inserted.id;
  });
  return getCaseTemplate(deps, ctx, formatId(id));
}
