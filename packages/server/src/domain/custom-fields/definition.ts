/**
 * A custom field definition as commands return it, and the checks on its fields. Definitions are
 * platform-wide (TheHive 4): `name` is the reference used in values and queries, `displayName` what
 * people read. TheHive 3's type `number` (a long in TheHive 3) is taken as `integer`.
 */
import {
  badRequest,
  CUSTOM_FIELD_TYPES,
  type CustomFieldScalar,
  type CustomFieldType,
  customFieldTypeFromInput,
  validateCustomFieldValue,
} from '@propolis/core';
import type { CustomFieldRow } from '../../db/repositories/custom-fields.js';

export interface CustomFieldDefinitionView {
  id: number;
  name: string;
  displayName: string;
  description: string;
  type: CustomFieldType;
  options: CustomFieldScalar[];
  mandatory: boolean;
  group: string | null;
  row: CustomFieldRow;
}

export const toDefinition = (row: CustomFieldRow): CustomFieldDefinitionView => ({
  id: row.id,
  name: row.name,
  displayName: row.display_name,
  description: row.description,
  type: row.type as CustomFieldType,
  options: JSON.parse(row.options) as CustomFieldScalar[],
  mandatory: row.mandatory === 1,
  group: row.group_name,
  row,
});

/** Letters, digits, `_` and `-`: names appear in query paths (`customFields.<name>`), so no dots or spaces. */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_-]{0,127}$/u;

export function checkName(name: string, field = 'name'): string {
  const value = name.trim();
  if (!NAME.test(value)) {
    throw badRequest(
      `${field}: "${name}" is not a valid custom field name (1 to 128 letters, digits, "_" or "-", not starting with "-")`,
    );
  }
  return value;
}

export function checkType(type: string, field = 'type'): CustomFieldType {
  const value = customFieldTypeFromInput(type);
  if (!value)
    throw badRequest(
      `${field}: "${type}" is not a custom field type; allowed: ${CUSTOM_FIELD_TYPES.join(', ')}`,
    );
  return value;
}

/** Options must be values of the field's type; duplicates are dropped, the order is kept. */
export function checkOptions(
  type: CustomFieldType,
  options: readonly unknown[],
  field = 'options',
): CustomFieldScalar[] {
  if (options.length > 1000) throw badRequest(`${field}: at most 1000 options`);
  if (type === 'boolean' && options.length > 0)
    throw badRequest(`${field}: a boolean custom field takes no options`);
  const out: CustomFieldScalar[] = [];
  for (const [i, option] of options.entries()) {
    const checked = validateCustomFieldValue({ name: `${field}[${i}]`, type }, option);
    if (!checked.ok) throw badRequest(`${field}[${i}]: ${reason(checked.message)}`);
    if (checked.value === null) throw badRequest(`${field}[${i}]: must not be empty`);
    if (!out.includes(checked.value)) out.push(checked.value);
  }
  return out;
}

/** The core model's message without its `Invalid value for custom field "x": ` lead, for messages that name the field their own way. */
export const reason = (message: string): string =>
  message.replace(/^Invalid value for custom field "[^"]*": /, '');

export function checkDisplayName(value: string | undefined, fallback: string, field = 'displayName'): string {
  const text = (value ?? '').trim() || fallback;
  if (text.length > 255) throw badRequest(`${field}: must be at most 255 characters`);
  return text;
}

export function checkGroup(value: string | null | undefined): string | null {
  const text = (value ?? '').trim();
  if (text.length > 128) throw badRequest('group: must be at most 128 characters');
  return text || null;
}
