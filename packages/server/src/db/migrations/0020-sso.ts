/**
 * Single sign-on (issue 19): the pending browser sign-ins (OpenID Connect and SAML requests between the
 * redirect to the identity provider and its answer, shared by every node), and on each session the
 * provider it came from with what RP-initiated logout needs.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint } from './columns.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await db.schema
    .createTable('sso_request')
    /** SHA-256 of the `state` (OIDC) or of the request id (SAML); the value itself travels only to the browser. */
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('provider', 'varchar(64)', (c) => c.notNull())
    /** JSON: PKCE verifier, nonce, where to go after the sign-in. */
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_request_expires').on('sso_request').column('expires_at').execute();
  await db.schema.alterTable('session').addColumn('sso_provider', 'varchar(64)').execute();
  /** The ID token, sent back as `id_token_hint` when the user logs out at the provider. */
  await db.schema.alterTable('session').addColumn('sso_id_token', 'text').execute();
}
