/**
 * Table types for Kysely. Dates are epoch milliseconds, booleans are 0/1 integers and JSON is text,
 * on both SQLite and PostgreSQL, so that repositories read the same shapes from either.
 */
import type { Generated } from 'kysely';

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  description: string;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface ProfileTable {
  id: Generated<number>;
  name: string;
  /** JSON array of permission names. */
  permissions: string;
  builtin: number;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface UserTable {
  id: Generated<number>;
  login: string;
  name: string;
  email: string | null;
  type: string;
  password_hash: string | null;
  api_key_hash: string | null;
  locked: number;
  totp_secret: string | null;
  failed_attempts: number;
  last_failed_at: number | null;
  default_organisation_id: number | null;
  avatar: string | null;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface MembershipTable {
  user_id: number;
  organisation_id: number;
  profile_id: number;
}

export interface SessionTable {
  /** SHA-256 of the session token: the token itself is only in the cookie. */
  id: string;
  user_id: number;
  organisation_id: number | null;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface AuditTable {
  id: Generated<number>;
  request_id: string;
  organisation_id: number | null;
  user_login: string;
  action: string;
  object_type: string;
  object_id: string;
  root_id: string | null;
  /** JSON object: the changed fields. */
  details: string;
  main_action: number;
  created_at: number;
}

export interface Database {
  organisation: OrganisationTable;
  profile: ProfileTable;
  user: UserTable;
  membership: MembershipTable;
  session: SessionTable;
  audit: AuditTable;
}
