/**
 * Creates a case template in the acting organisation (manageCaseTemplate). Names are unique per
 * organisation.
 */
import { conflict, formatId } from '@propolis/core';
import { caseTemplateNameTaken, insertCaseTemplate } from '../../db/repositories/case-templates.js';
import { createdNow, permittedScope, type RequestContext } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import type { CaseTemplateView } from './case-template-view.js';
import { getCaseTemplate } from './read-case-templates.js';
import { type CaseTemplateInput, checkTemplateName, templateColumns } from './template-input.js';
import { recordTemplateWrite } from './template-write.js';

export async function createCaseTemplate(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: CaseTemplateInput,
): Promise<CaseTemplateView> {
  const scope = permittedScope(ctx, 'manageCaseTemplate');
  const name = checkTemplateName(input.name);
  const { set, details, customFields } = await templateColumns(deps.db, ctx, { ...input, name }, name);
  const row = {
    organisation_id: scope.organisationId,
    name,
    display_name: name,
    title_prefix: null,
    description: null,
    severity: null,
    tags: '[]',
    flag: 0,
    tlp: null,
    pap: null,
    summary: null,
    tasks: '[]',
    ...set,
    custom_fields: '[]',
    ...createdNow(ctx),
  };
  const id = await inTransaction(deps, async (trx) => {
    if (await caseTemplateNameTaken(trx, scope, name)) throw conflict(`Case template ${name} already exists`);
    const inserted = await insertCaseTemplate(trx, row);
    await recordTemplateWrite(trx, ctx, 'create', inserted.id, { customFields, details });
    return inserted.id;
  });
  return getCaseTemplate(deps, ctx, formatId(id));
}
