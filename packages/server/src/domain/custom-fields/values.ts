/**
 * Custom field VALUES of cases, alerts and case templates: the API the case, alert and template
 * commands call.
 *
 *   const values = await resolveCustomFieldInput(db, input.customFields, { enforceMandatory: true });
 *   await inTransaction(deps, async (trx) => {
 *     ...insert the case...
 *     await writeCustomFieldValues(trx, orgId, 'case', caseId, values, 'replace');
 *   });
 *   const byCase = await readCustomFieldValues(db, 'case', [caseId]);   // → presenters
 *
 * Input forms (all accepted, parsed by @propolis/core's custom-field model):
 *   v1 list     [{"name": "cvss", "value": 7.5, "order": 1}, ...]   (a name may repeat: several values)
 *   object      {"cvss": 7.5, "owner": "soc"}
 *   v0 map      {"cvss": {"float": 7.5, "order": 1}}                (TheHive 3/4, thehive4py 1.x CustomFieldHelper)
 *
 * A null value keeps the field on the entity without a value in 'replace' mode (templates list
 * the fields a case should fill), and removes the field in 'merge' mode (PATCH semantics).
 */
import {
  badRequest,
  type CustomFieldScalar,
  type CustomFieldType,
  parseCustomFieldInput,
  validateCustomFieldValue,
} from '@propolis/core';
import type { Insertable, Kysely, Transaction } from 'kysely';
import {
  type CustomFieldEntity,
  type CustomFieldValueJoined,
  deleteValueById,
  deleteValues,
  findValueById,
  insertValues,
  valuesOf,
} from '../../db/repositories/custom-field-values.js';
import { findCustomFieldsByNames, mandatoryCustomFields } from '../../db/repositories/custom-fields.js';
import type { CustomFieldValueTable, Database } from '../../db/schema.js';
import { type CustomFieldDefinitionView, reason, toDefinition } from './definition.js';

export type { CustomFieldEntity, CustomFieldScalar };

/** A value checked against its definition, ready to be written. */
export interface ResolvedCustomField {
  fieldId: number;
  /** The field's reference (TheHive 4 `reference`, v1 `name`). */
  name: string;
  displayName: string;
  description: string;
  type: CustomFieldType;
  /** Normalised: string for string/url, number for integer/float/date (epoch ms), boolean; null = no value. */
  value: CustomFieldScalar | null;
  order: number;
}

/** A stored value: the resolved value plus the id of its row (v1 `_id`, used by DELETE /case/customField/{id}). */
export interface CustomFieldValueView extends ResolvedCustomField {
  id: number;
}

/**
 * Parses any accepted input form and checks every value against its definition: unknown field,
 * wrong type and value outside the options are 400s naming the field (`customFields.<name>: ...`).
 * With `enforceMandatory`, every mandatory field must be present with a value.
 * `undefined` and `null` input mean "no custom fields".
 */
export async function resolveCustomFieldInput(
  db: Kysely<Database>,
  input: unknown,
  options: { enforceMandatory: boolean },
): Promise<ResolvedCustomField[]> {
  const result = parseCustomFieldInput(input);
  if (!result.ok) throw badRequest(`customFields: ${result.message}`);
  const parsed = result.value;
  const rows = await findCustomFieldsByNames(
    db,
    parsed.map((p) => p.name),
  );
  const definitions = new Map(rows.map((r) => [r.name, toDefinition(r)]));
  const out: ResolvedCustomField[] = [];
  for (const item of parsed) {
    const def = definitions.get(item.name);
    if (!def) throw badRequest(`customFields.${item.name}: unknown custom field`);
    const value = checkValue(def, item.value);
    out.push({
      fieldId: def.id,
      name: def.name,
      displayName: def.displayName,
      description: def.description,
      type: def.type,
      value,
      order: item.order,
    });
  }
  if (options.enforceMandatory) await checkMandatory(db, out);
  return out;
}

/** The canonical value (core model coercions, options included), or a 400 naming the field. */
function checkValue(def: CustomFieldDefinitionView, raw: unknown): CustomFieldScalar | null {
  const checked = validateCustomFieldValue(def, raw);
  if (!checked.ok) throw badRequest(`customFields.${def.name}: ${reason(checked.message)}`);
  return checked.value;
}

/** Throws a 400 naming the first mandatory field that has no value in `values`. */
export async function checkMandatory(
  db: Kysely<Database>,
  values: readonly ResolvedCustomField[],
): Promise<void> {
  const present = new Set(values.filter((v) => v.value !== null).map((v) => v.fieldId));
  for (const row of await mandatoryCustomFields(db)) {
    if (!present.has(row.id)) throw badRequest(`customFields.${row.name}: is mandatory and has no value`);
  }
}

/**
 * Values of a case created from a template: the template's values, overridden field by field by
 * the case's own (the case wins, TheHive's applyTemplate). Orders are those of the list that wins.
 */
export function mergeCustomFields(
  base: readonly ResolvedCustomField[],
  override: readonly ResolvedCustomField[],
): ResolvedCustomField[] {
  const overridden = new Set(override.map((v) => v.fieldId));
  return [...base.filter((v) => !overridden.has(v.fieldId)), ...override].sort((a, b) => a.order - b.order);
}

/**
 * Writes the values of one entity inside the caller's transaction.
 * 'replace': the entity ends up with exactly `values` (creation, template save).
 * 'merge': listed fields are set (all previous values of a listed field are replaced), a null
 * value removes the field, unlisted fields are kept (PATCH).
 */
export async function writeCustomFieldValues(
  trx: Transaction<Database> | Kysely<Database>,
  organisationId: number,
  entityType: CustomFieldEntity,
  entityId: number,
  values: readonly ResolvedCustomField[],
  mode: 'replace' | 'merge',
): Promise<void> {
  if (mode === 'replace') await deleteValues(trx, entityType, [entityId]);
  else await deleteValues(trx, entityType, [entityId], [...new Set(values.map((v) => v.fieldId))]);
  const kept = mode === 'merge' ? values.filter((v) => v.value !== null) : values;
  await insertValues(
    trx,
    kept.map((v) => ({
      organisation_id: organisationId,
      entity_type: entityType,
      entity_id: entityId,
      field_id: v.fieldId,
      order: v.order,
      ...toColumns(v),
    })),
  );
}

/** Values of entities, by entity id; every requested id has an entry (empty when it has none). */
export async function readCustomFieldValues(
  db: Kysely<Database>,
  entityType: CustomFieldEntity,
  entityIds: readonly number[],
): Promise<Map<number, CustomFieldValueView[]>> {
  const out = new Map<number, CustomFieldValueView[]>(entityIds.map((id) => [id, []]));
  for (const row of await valuesOf(db, entityType, entityIds)) out.get(row.entity_id)?.push(fromRow(row));
  return out;
}

/** Value rows read by another module's statement (repositories/alert-page.ts), as readCustomFieldValues gives them. */
export const customFieldValueViews = (rows: readonly CustomFieldValueJoined[]): CustomFieldValueView[] =>
  rows.map(fromRow);

/** Deletes every value of the entities (the entities are being deleted), inside the caller's transaction. */
export async function deleteCustomFieldValues(
  trx: Transaction<Database> | Kysely<Database>,
  entityType: CustomFieldEntity,
  entityIds: readonly number[],
): Promise<void> {
  await deleteValues(trx, entityType, entityIds);
}

/** What a stored value (v1 `_id` of a custom field value) belongs to, in the organisation; undefined when there is none. */
export async function findCustomFieldValue(
  db: Kysely<Database>,
  organisationId: number,
  valueId: number,
): Promise<{ entityType: CustomFieldEntity; entityId: number; fieldId: number } | undefined> {
  const row = await findValueById(db, organisationId, valueId);
  return (
    row && {
      entityType: row.entity_type as CustomFieldEntity,
      entityId: row.entity_id,
      fieldId: row.field_id,
    }
  );
}

/**
 * Deletes one stored value by its id (v1 `DELETE /case/customField/{id}`), inside the caller's
 * transaction. The caller first finds it (`findCustomFieldValue`), checks the actor may change
 * that entity, and appends the audit row.
 */
export async function deleteCustomFieldValueById(
  trx: Transaction<Database> | Kysely<Database>,
  organisationId: number,
  valueId: number,
): Promise<void> {
  await deleteValueById(trx, organisationId, valueId);
}

/** `{name: value}` of values, for audit details (a repeated field gives a list). */
export function customFieldAuditDetails(values: readonly ResolvedCustomField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    if (!(v.name in out)) out[v.name] = v.value;
    else out[v.name] = ([] as unknown[]).concat(out[v.name], v.value);
  }
  return out;
}

type ValueColumns = Pick<
  Insertable<CustomFieldValueTable>,
  'string_value' | 'number_value' | 'boolean_value' | 'date_value'
>;

function toColumns(v: ResolvedCustomField): ValueColumns {
  const cols: ValueColumns = {
    string_value: null,
    number_value: null,
    boolean_value: null,
    date_value: null,
  };
  if (v.value === null) return cols;
  switch (v.type) {
    case 'string':
    case 'url':
      cols.string_value = String(v.value);
      break;
    case 'integer':
    case 'float':
      cols.number_value = Number(v.value);
      break;
    case 'boolean':
      cols.boolean_value = v.value ? 1 : 0;
      break;
    case 'date':
      cols.date_value = Number(v.value);
      break;
  }
  return cols;
}

function fromRow(row: CustomFieldValueJoined): CustomFieldValueView {
  const type = row.type as CustomFieldType;
  let value: CustomFieldScalar | null = null;
  switch (type) {
    case 'string':
    case 'url':
      value = row.string_value;
      break;
    case 'integer':
    case 'float':
      value = row.number_value === null ? null : Number(row.number_value);
      break;
    case 'boolean':
      value = row.boolean_value === null ? null : row.boolean_value === 1;
      break;
    case 'date':
      value = row.date_value === null ? null : Number(row.date_value);
      break;
  }
  return {
    id: row.id,
    fieldId: row.field_id,
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    type,
    value,
    order: row.order,
  };
}
