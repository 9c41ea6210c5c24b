/**
 * Finding a case in the acting organisation, or a clear 404.
 */
import { notFound } from '@propolis/core';
import type { Kysely } from 'kysely';
import { type CaseRow, findCase } from '../../db/repositories/cases.js';
import type { Database } from '../../db/schema.js';
import { type RequestContext, scopeOf } from '../context.js';

export async function visibleCase(
  db: Kysely<Database>,
  ctx: RequestContext,
  idOrNumber: string | number,
): Promise<CaseRow> {
  const row = await findCase(db, scopeOf(ctx), idOrNumber);
  if (!row) throw notFound(`Case ${idOrNumber} not found`);
  return row;
}
