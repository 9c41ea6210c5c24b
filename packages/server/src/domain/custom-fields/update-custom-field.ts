/**
 * Updates a custom field definition (manageCustomField). The name is the reference that values
 * and saved queries use, so it cannot change; the type can only change while no value uses it.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import type { Updateable } from 'kysely';
import { fieldInUse } from '../../db/repositories/custom-field-values.js';
import { findCustomField, updateCustomField as updateRow } from '../../db/repositories/custom-fields.js';
import type { CustomFieldTable } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import {
  type CustomFieldDefinitionView,
  checkDisplayName,
  checkGroup,
  checkOptions,
  checkType,
  toDefinition,
} from './definition.js';

export interface UpdateCustomFieldInput {
  /** Accepted only when unchanged (clients send back what they read). */
  name?: string;
  displayName?: string;
  description?: string;
  type?: string;
  options?: unknown[];
  mandatory?: boolean;
  group?: string | null;
}

export async function updateCustomField(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
  input: UpdateCustomFieldInput,
): Promise<CustomFieldDefinitionView> {
  requirePermission(ctx, 'manageCustomField');
  return inTransaction(deps, async (trx) => {
    const row = await findCustomField(trx, idOrName);
    if (!row) throw notFound(`Custom field ${idOrName} not found`);
    const current = toDefinition(row);
    if (input.name !== undefined && input.name.trim() !== current.name) {
      throw badRequest(
        `name: the name (reference) of custom field ${current.name} cannot be changed; change displayName instead`,
      );
    }
    const set: Updateable<CustomFieldTable> = { updated_at: Date.now(), updated_by: ctx.actor.login };
    const details: Record<string, unknown> = {};
    let type = current.type;
    if (input.type !== undefined) {
      type = checkType(input.type);
      if (type !== current.type) {
        if (await fieldInUse(trx, row.id))
          throw badRequest(`type: custom field ${current.name} has values, its type cannot change`);
        set.type = details.type = type;
      }
    }
    if (input.options !== undefined || type !== current.type) {
      const options = checkOptions(type, input.options ?? current.options);
      set.options = JSON.stringify(options);
      details.options = options;
    }
    if (input.displayName !== undefined)
      set.display_name = details.displayName = checkDisplayName(input.displayName, current.name);
    if (input.description !== undefined) set.description = details.description = input.description.trim();
    if (input.group !== undefined) set.group_name = details.group = checkGroup(input.group);
    if (input.mandatory !== undefined) {
      set.mandatory = input.mandatory ? 1 : 0;
      details.mandatory = input.mandatory;
    }
    await updateRow(trx, row.id, set);
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'CustomField', objectId: formatId(row.id), details },
    ]);
    const updated = await findCustomField(trx, formatId(row.id));
    return toDefinition(updated!);
  });
}
