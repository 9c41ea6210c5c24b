/**
 * Rendering of custom field values per API version.
 *
 * v0 (TheHive 3/4): `{"<name>": {"<type key>": value, "order": n}}`. The type key is the one
 * TheHive 3-era clients know: integer and float render as `number` (TheHive 3's only numeric
 * type, what thehive4py 1.x and v0 UIs read), url as `string` (v0 had no url type); string,
 * boolean and date keep their name. v0 has one value per field: of a multi-valued field the
 * first by order is shown.
 *
 * v1 (TheHive 4/5): `[{_id?, name, description, type, value, order}]`, one item per value, sorted
 * by order (stable). Values without a definition (should not happen) get a type guessed from
 * the JavaScript value.
 */
import type { CustomFieldDefinition, CustomFieldType, CustomFieldValue } from './custom-fields.js';

export type CustomFieldV0TypeKey = 'string' | 'number' | 'boolean' | 'date';

export function customFieldV0TypeKey(type: CustomFieldType): CustomFieldV0TypeKey {
  if (type === 'integer' || type === 'float') return 'number';
  if (type === 'url') return 'string';
  return type;
}

export interface CustomFieldV1Output {
  _id?: string;
  name: string;
  description: string;
  type: CustomFieldType;
  value: unknown;
  order: number;
}

const guessType = (value: unknown): CustomFieldType =>
  typeof value === 'boolean'
    ? 'boolean'
    : typeof value === 'number'
      ? Number.isInteger(value)
        ? 'integer'
        : 'float'
      : 'string';

const byOrder = <T extends { order: number }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => a.order - b.order);

const definitionMap = (defs: readonly CustomFieldDefinition[]) => new Map(defs.map((d) => [d.name, d]));

export function toV0CustomFields(
  values: readonly CustomFieldValue[],
  definitions: readonly CustomFieldDefinition[],
): Record<string, Record<string, unknown>> {
  const defs = definitionMap(definitions);
  const out: Record<string, Record<string, unknown>> = {};
  for (const v of byOrder(values)) {
    if (Object.hasOwn(out, v.name)) continue;
    const type = defs.get(v.name)?.type ?? guessType(v.value);
    out[v.name] = { [customFieldV0TypeKey(type)]: v.value ?? null, order: v.order };
  }
  return out;
}

export function toV1CustomFields(
  values: readonly CustomFieldValue[],
  definitions: readonly CustomFieldDefinition[],
): CustomFieldV1Output[] {
  const defs = definitionMap(definitions);
  return byOrder(values).map((v) => {
    const def = defs.get(v.name);
    const out: CustomFieldV1Output = {
      name: v.name,
      description: def?.description ?? '',
      type: def?.type ?? guessType(v.value),
      value: v.value ?? null,
      order: v.order,
    };
    return v._id === undefined ? out : { _id: v._id, ...out };
  });
}
