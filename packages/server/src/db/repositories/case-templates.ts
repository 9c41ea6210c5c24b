/**
 * Case templates of one organisation. Every function takes the scope; a template of another
 * organisation is never found, updated or deleted here (platform administrators included:
 * templates belong to the organisation that uses them).
 */

import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CaseTemplateTable, Database } from '../schema.js';
import type { Scope } from '../scope.js';

type Db = Kysely<Database>;
export type CaseTemplateRow = Selectable<CaseTemplateTable>;

const inScope = (db: Db, scope: Scope) =>
  db.selectFrom('case_template').selectAll().where('organisation_id', '=', scope.organisationId);

/** By "~id" or by name. */
export async function findCaseTemplate(
  db: Db,
  scope: Scope,
  idOrName: string,
): Promise<CaseTemplateRow | undefined> {
  const id = parseId(idOrName);
  if (id !== undefined) {
    const byId = await inScope(db, scope).where('id', '=', id).executeTakeFirst();
    if (byId) return byId;
  }
  return inScope(db, scope).where('name', '=', idOrName).executeTakeFirst();
}

export async function listCaseTemplates(db: Db, scope: Scope): Promise<CaseTemplateRow[]> {
  return inScope(db, scope).orderBy('name').execute();
}

export async function caseTemplateNameTaken(
  db: Db,
  scope: Scope,
  name: string,
  exceptId?: number,
): Promise<boolean> {
  let q = db
    .selectFrom('case_template')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertCaseTemplate(
  db: Db,
  row: Insertable<CaseTemplateTable>,
): Promise<CaseTemplateRow> {
  return db.insertInto('case_template').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCaseTemplate(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<CaseTemplateTable>,
): Promise<void> {
  await db
    .updateTable('case_template')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteCaseTemplate(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('case_template')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}
