/**
 * Meta fields every output carries, in the v1 (`_createdAt`...) and v0 (`createdAt`...) spellings,
 * and the helper that sets a field only when it has a value.
 */
import type { MetaV0, MetaV1 } from '@propolis/core';
import type { Static, TObject } from 'typebox';

export interface Audited {
  createdAt: number;
  createdBy: string;
  updatedAt: number | null;
  updatedBy: string | null;
}

type MetaV1Output = Static<TObject<typeof MetaV1>>;
type MetaV0Output = Static<TObject<typeof MetaV0>>;

export function metaV1(id: string, type: string, m: Audited): MetaV1Output {
  const out: MetaV1Output = {
    _id: id,
    _type: type,
    _createdBy: m.createdBy,
    _createdAt: m.createdAt,
  };
  if (m.updatedBy !== null) out._updatedBy = m.updatedBy;
  if (m.updatedAt !== null) out._updatedAt = m.updatedAt;
  return out;
}

export function metaV0(id: string, type: string, m: Audited): MetaV0Output {
  const out: MetaV0Output = {
    _id: id,
    id,
    _type: type,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
    user: m.createdBy,
  };
  if (m.updatedBy !== null) out.updatedBy = m.updatedBy;
  if (m.updatedAt !== null) out.updatedAt = m.updatedAt;
  return out;
}

export const auditedRow = (row: {
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}): Audited => ({
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

/** Sets `out[key]` when `value` is neither null nor undefined (TheHive leaves absent fields out). */
export function optional<T extends object, K extends keyof T>(
  out: T,
  key: K,
  value: T[K] | null | undefined,
): void {
  if (value !== null && value !== undefined) out[key] = value;
}
