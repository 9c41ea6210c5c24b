/**
 * A user as commands return it: the row, without secrets, plus its memberships.
 */
import type { Kysely } from 'kysely';
import { type MembershipRow, membershipsOf, type UserRow } from '../../db/repositories/users.js';
import type { Database } from '../../db/schema.js';

export interface UserView {
  id: number;
  login: string;
  name: string;
  email: string | null;
  type: string;
  locked: boolean;
  hasPassword: boolean;
  hasKey: boolean;
  hasMFA: boolean;
  avatar: string | null;
  defaultOrganisationId: number | null;
  memberships: MembershipRow[];
  createdAt: number;
  createdBy: string;
  updatedAt: number | null;
  updatedBy: string | null;
}

export function toUserView(row: UserRow, memberships: MembershipRow[]): UserView {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    email: row.email,
    type: row.type,
    locked: row.locked === 1,
    hasPassword: row.password_hash !== null,
    hasKey: row.api_key_hash !== null,
    hasMFA: row.totp_secret !== null,
    avatar: row.avatar,
    defaultOrganisationId: row.default_organisation_id,
    memberships,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function toUserViews(db: Kysely<Database>, rows: UserRow[]): Promise<UserView[]> {
  const memberships = await membershipsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUserView(r, memberships.get(r.id) ?? []));
}
