/**
 * Updates a case template (manageCaseTemplate). Listed fields are replaced; `tasks` and
 * `customFields`, when given, replace the template's whole list (template editors send it all).
 */
import { conflict, formatId, notFound } from '@propolis/core';
import {
  caseTemplateNameTaken,
  findCaseTemplate,
  updateCaseTemplate as updateRow,
} from '../../db/repositories/case-templates.js';
import { permittedScope, type RequestContext } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import type { CaseTemplateView } from './case-template-view.js';
import { getCaseTemplate } from './read-case-templates.js';
import { type CaseTemplateInput, templateColumns } from './template-input.js';
import { recordTemplateWrite } from './template-write.js';

export async function updateCaseTemplate(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
  input: CaseTemplateInput,
): Promise<CaseTemplateView> {
  const scope = permittedScope(ctx, 'manageCaseTemplate');
  const current = await findCaseTemplate(deps.db, scope, idOrName);
  if (!current) throw notFound(`Case template ${idOrName} not found`);
  const columns = await templateColumns(deps.db, ctx, input, current.name);
  const set = { ...columns.set, updated_at: Date.now(), updated_by: ctx.actor.login };
  await inTransaction(deps, async (trx) => {
    if (set.name !== undefined && (await caseTemplateNameTaken(trx, scope, set.name as string, current.id))) {
      throw conflict(`Case template ${set.name as string} already exists`);
    }
    await updateRow(trx, scope, current.id, set);
    await recordTemplateWrite(trx, ctx, 'update', current.id, columns);
  });
  return getCaseTemplate(deps, ctx, formatId(current.id));
}
