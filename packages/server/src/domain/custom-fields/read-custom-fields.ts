/**
 * Reading custom field definitions: every authenticated user may (cases and alerts show them).
 */
import { notFound } from '@propolis/core';
import { valueCountsOfField } from '../../db/repositories/custom-field-values.js';
import { findCustomField, listCustomFields as listRows } from '../../db/repositories/custom-fields.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { type CustomFieldDefinitionView, toDefinition } from './definition.js';

export async function getCustomField(
  deps: Pick<Deps, 'db'>,
  _ctx: RequestContext,
  idOrName: string,
): Promise<CustomFieldDefinitionView> {
  const row = await findCustomField(deps.db, idOrName);
  if (!row) throw notFound(`Custom field ${idOrName} not found`);
  return toDefinition(row);
}

export async function listCustomFields(
  deps: Pick<Deps, 'db'>,
  _ctx: RequestContext,
): Promise<CustomFieldDefinitionView[]> {
  return (await listRows(deps.db)).map(toDefinition);
}

export interface CustomFieldUse {
  case: number;
  alert: number;
  caseTemplate: number;
  total: number;
}

/**
 * How many cases, alerts and templates carry a value of the field. Counted in the acting
 * organisation; the admin organisation, which manages definitions, counts across all of them.
 */
export async function customFieldUse(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
): Promise<CustomFieldUse> {
  const field = await getCustomField(deps, ctx, idOrName);
  const scope = scopeOf(ctx);
  const counts = await valueCountsOfField(
    deps.db,
    field.id,
    scope.platformAdmin ? undefined : scope.organisationId,
  );
  const use = { case: counts.case ?? 0, alert: counts.alert ?? 0, caseTemplate: counts.caseTemplate ?? 0 };
  return { ...use, total: use.case + use.alert + use.caseTemplate };
}
