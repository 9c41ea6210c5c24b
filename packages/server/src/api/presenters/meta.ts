/**
 * Meta fields every output carries, in the v1 (`_createdAt`...) and v0 (`createdAt`...) spellings.
 */
export interface Audited {
  createdAt: number;
  createdBy: string;
  updatedAt: number | null;
  updatedBy: string | null;
}

export function metaV1(id: string, type: string, m: Audited): Record<string, unknown> {
  const out: Record<string, unknown> = {
    _id: id,
    _type: type,
    _createdBy: m.createdBy,
    _createdAt: m.createdAt,
  };
  if (m.updatedBy !== null) out._updatedBy = m.updatedBy;
  if (m.updatedAt !== null) out._updatedAt = m.updatedAt;
  return out;
}

export function metaV0(id: string, type: string, m: Audited): Record<string, unknown> {
  const out: Record<string, unknown> = {
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
