/**
 * What creating and updating a case template both end with, in the write's transaction: the
 * template's custom field values (the whole list replaced, when given) and its audit row.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { auditEntry } from '../audited-write.js';
import { type RequestContext, scopeOf } from '../context.js';
import { writeCustomFieldValues } from '../custom-fields/values.js';
import type { templateColumns } from './template-input.js';

export async function recordTemplateWrite(
  trx: Transaction<Database>,
  ctx: RequestContext,
  action: 'create' | 'update',
  id: number,
  { customFields, details }: Pick<Awaited<ReturnType<typeof templateColumns>>, 'customFields' | 'details'>,
): Promise<void> {
  if (customFields)
    await writeCustomFieldValues(
      trx,
      scopeOf(ctx).organisationId,
      'caseTemplate',
      id,
      customFields,
      'replace',
    );
  await appendAudit(trx, ctx, [auditEntry({ action, objectType: 'CaseTemplate', id, details })]);
}
