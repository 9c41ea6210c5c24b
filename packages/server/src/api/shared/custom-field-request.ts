/**
 * Custom-field definition bodies and the `force` flag of deletions, shared by v0 and v1.
 * thehive4py 2.x deletes with `?force=False` / `?force=True` (Python booleans).
 */
import { badRequest, Nullable, Text } from '@propolis/core';
import { Type } from 'typebox';

const Options = Type.Array(Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean()]), {
  maxItems: 1000,
});

export const CustomFieldBody = Type.Object({
  name: Text(128),
  displayName: Type.Optional(Text(255)),
  description: Type.Optional(Text(4096)),
  type: Text(16),
  options: Type.Optional(Options),
  mandatory: Type.Optional(Type.Boolean()),
  group: Type.Optional(Nullable(Text(128))),
});

export const CustomFieldUpdateBody = Type.Partial(CustomFieldBody);

export const ForceQuery = Type.Object({ force: Type.Optional(Type.String({ maxLength: 8 })) });

/** `true`, `True`, `1`, `yes` → true; `false`, `False`, `0`, `no`, absent → false. */
export function parseForce(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw badRequest(`force: "${value}" is not a boolean`);
}
