/**
 * Finding a case for the caller, or a clear error: reads see the cases shared with the caller's
 * organisation; writes only its own, and a write on a case it only sees through a share is refused
 * with 403 (docs/sharing.md).
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { type CaseRow, findCase } from '../../db/repositories/cases.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, readScopeOf, scopeOf } from '../context.js';
import { sharedReadOnly } from '../sharing/shared-read-only.js';

export type Access = 'read' | 'write';

export async function visibleCase(
  db: Kysely<Database>,
  ctx: RequestContext,
  idOrNumber: string | number,
  access: Access = 'write',
): Promise<CaseRow> {
  const row = await findCase(db, access === 'read' ? readScopeOf(ctx) : scopeOf(ctx), idOrNumber);
  if (row) return row;
  if (access === 'write' && (await findCase(db, readScopeOf(ctx), idOrNumber)))
    throw sharedReadOnly(ctx, `Case ${idOrNumber}`);
  throw notFound(`Case ${idOrNumber} not found`);
}
