/**
 * Creates a platform-wide custom field definition (manageCustomField, admin organisation).
 */
import { conflict, formatId } from '@propolis/core';
import { findCustomField, insertCustomField } from '../../db/repositories/custom-fields.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import {
  type CustomFieldDefinitionView,
  checkDisplayName,
  checkGroup,
  checkName,
  checkOptions,
  checkType,
  toDefinition,
} from './definition.js';

export interface CreateCustomFieldInput {
  name: string;
  displayName?: string;
  description?: string;
  type: string;
  options?: unknown[];
  mandatory?: boolean;
  group?: string | null;
}

export async function createCustomField(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: CreateCustomFieldInput,
): Promise<CustomFieldDefinitionView> {
  requirePermission(ctx, 'manageCustomField');
  const name = checkName(input.name);
  const type = checkType(input.type);
  const options = checkOptions(type, input.options ?? []);
  const displayName = checkDisplayName(input.displayName, name);
  const description = (input.description ?? '').trim();
  const group = checkGroup(input.group);
  const mandatory = input.mandatory === true;
  const row = await inTransaction(deps, async (trx) => {
    if (await findCustomField(trx, name)) throw conflict(`Custom field ${name} already exists`);
    const inserted = await insertCustomField(trx, {
      name,
      display_name: displayName,
      description,
      type,
      options: JSON.stringify(options),
      mandatory: mandatory ? 1 : 0,
      group_name: group,
      ...createdNow(ctx),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'CustomField',
        objectId: formatId(inserted.id),
        details: { name, displayName, description, type, options, mandatory, group },
      },
    ]);
    return inserted;
  });
  return toDefinition(row);
}
