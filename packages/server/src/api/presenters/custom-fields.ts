/**
 * Custom fields on the wire: definitions (v1 `CustomField`; v0 as TheHive 4's v0, where `reference`
 * is the name and `name` the display name; the item of TheHive 3's `custom_fields` list) and the
 * values carried by cases, alerts and templates (v1 list; v0 map `{name: {"<type>": value, "order": n}}`).
 */
import {
  type CustomFieldListItem,
  type CustomFieldOutputV0,
  type CustomFieldOutputV1,
  type CustomFieldsV0,
  type CustomFieldValueV1,
  customFieldV0TypeKey,
  formatId,
} from '@propolis/core';
import type { CustomFieldDefinitionView } from '../../domain/custom-fields/definition.js';
import type { CustomFieldValueView, ResolvedCustomField } from '../../domain/custom-fields/values.js';
import { auditedRow, metaV0, metaV1 } from './meta.js';

const definitionBody = (d: CustomFieldDefinitionView) => ({
  description: d.description,
  type: d.type,
  options: d.options,
  mandatory: d.mandatory,
});

export const customFieldV1 = (d: CustomFieldDefinitionView): CustomFieldOutputV1 => ({
  ...metaV1(formatId(d.id), 'CustomField', auditedRow(d.row)),
  name: d.name,
  displayName: d.displayName,
  group: d.group ?? '',
  ...definitionBody(d),
  extraData: {},
});

export const customFieldV0 = (d: CustomFieldDefinitionView): CustomFieldOutputV0 => ({
  ...metaV0(formatId(d.id), 'customField', auditedRow(d.row)),
  reference: d.name,
  name: d.displayName,
  displayName: d.displayName,
  group: d.group ?? '',
  ...definitionBody(d),
});

/** An item of `GET /api/list/custom_fields` (TheHive 3's DBList value). */
export const customFieldListItem = (d: CustomFieldDefinitionView): CustomFieldListItem => ({
  name: d.displayName,
  reference: d.name,
  ...definitionBody(d),
});

type Value = ResolvedCustomField | CustomFieldValueView;

const byOrder = (list: readonly Value[]) => [...list].sort((a, b) => a.order - b.order);

/** v1: `[{_id, name, description, type, value, order}]` (`_id` is the value's id, absent before it is stored). */
export const customFieldsV1 = (list: readonly Value[]): CustomFieldValueV1[] =>
  byOrder(list).map((v) => {
    return Object.assign('id' in v ? { _id: formatId(v.id) } : {}, {
      name: v.name,
      displayName: v.displayName,
      description: v.description,
      type: v.type,
      value: v.value,
      order: v.order,
    });
  });

/** v0: `{name: {"<type>": value, "order": n}}`; a repeated field shows its first value. */
export function customFieldsV0(list: readonly Value[]): CustomFieldsV0 {
  const out: CustomFieldsV0 = {};
  for (const v of byOrder(list)) {
    if (v.name in out) continue;
    out[v.name] = { [customFieldV0TypeKey(v.type)]: v.value, order: v.order };
  }
  return out;
}
