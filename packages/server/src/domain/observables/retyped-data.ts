/**
 * An observable's value under another type: written as the new type writes it (e.g. lower-cased
 * for a case-insensitive type) with its deduplication key; a value the new type refuses, and a
 * file's, is kept as it was. Serves changing one observable's type and retyping them all.
 */
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';
import { canonicalObservableData } from './observable-data.js';
import { dataKeyOf } from './observable-input.js';

export function retypedData(
  target: Pick<ObservableTypeRow, 'name' | 'is_case_sensitive'>,
  row: { data: string | null; data_key: string; attachment_id: number | null },
): { data: string | null; key: string } {
  if (row.data === null || row.attachment_id !== null) return { data: row.data, key: row.data_key };
  try {
    const data = canonicalObservableData(target, row.data, 'data');
    return { data, key: dataKeyOf(data) };
  } catch {
    // not valid for the new type: kept as it was
    return { data: row.data, key: row.data_key };
  }
}
