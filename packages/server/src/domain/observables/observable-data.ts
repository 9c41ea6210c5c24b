/**
 * Checks an observable's data against its type (ip, domain, url, hash ...) with the rules of
 * packages/core/src/model/observable-data.ts, and returns the canonical value (trimmed, lowercased
 * for case-insensitive types, normalised for ip and autonomous-system) that is stored and compared.
 * A failure is a 400 naming the field.
 */
import { badRequest, validateObservableData } from '@propolis/core';
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';

export function canonicalObservableData(
  type: Pick<ObservableTypeRow, 'name' | 'is_case_sensitive'>,
  data: string,
  field: string,
): string {
  const result = validateObservableData(type.name, data, { isCaseSensitive: type.is_case_sensitive === 1 });
  if (!result.ok) throw badRequest(`${field}: ${result.message}`);
  return result.value;
}
