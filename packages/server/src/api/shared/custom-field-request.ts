/**
 * Custom-field definition bodies and the `force` flag of deletions, shared by v0 and v1.
 * thehive4py 2.x deletes with `?force=False` / `?force=True` (Python booleans).
 */
import { badRequest } from '@propolis/core';
import { Type } from 'typebox';

/** The body schemas live in @propolis/core (wire/administration.ts). */
export { CustomFieldBody, CustomFieldUpdateBody } from '@propolis/core';

export const ForceQuery = Type.Object({ force: Type.Optional(Type.String({ maxLength: 8 })) });

/** `true`, `True`, `1`, `yes` → true; `false`, `False`, `0`, `no`, absent → false. */
export function parseForce(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw badRequest(`force: "${value}" is not a boolean`);
}
