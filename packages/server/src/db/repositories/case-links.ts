/**
 * Links between cases (stored once, read from both ends) and a case's external links, scoped by
 * organisation.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CaseLinkTable, ExternalLinkTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

export type CaseLinkRow = Selectable<CaseLinkTable>;
export type ExternalLinkRow = Selectable<ExternalLinkTable>;
type Db = Kysely<Database>;

/** The links of a case, from either end; `other` is the linked case. */
export async function caseLinksOf(
  db: Db,
  scope: Scope,
  caseId: number,
): Promise<Array<CaseLinkRow & { other: number }>> {
  const rows = await db
    .selectFrom('case_link')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where((eb) => eb.or([eb('case_id', '=', caseId), eb('linked_case_id', '=', caseId)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, other: r.case_id === caseId ? r.linked_case_id : r.case_id }));
}

export async function insertCaseLink(db: Db, row: Insertable<CaseLinkTable>): Promise<void> {
  await db.insertInto('case_link').values(row).execute();
}

/** Removes the link between two cases, whichever end it was added on; false when there was none. */
export async function deleteCaseLink(db: Db, scope: Scope, a: number, b: number): Promise<boolean> {
  const result = await db
    .deleteFrom('case_link')
    .where('organisation_id', '=', scope.organisationId)
    .where((eb) =>
      eb.or([
        eb.and([eb('case_id', '=', a), eb('linked_case_id', '=', b)]),
        eb.and([eb('case_id', '=', b), eb('linked_case_id', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function externalLinksOf(db: Db, scope: Scope, caseId: number): Promise<ExternalLinkRow[]> {
  return db
    .selectFrom('external_link')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function insertExternalLink(db: Db, row: Insertable<ExternalLinkTable>): Promise<void> {
  await db.insertInto('external_link').values(row).execute();
}

export async function deleteExternalLink(
  db: Db,
  scope: Scope,
  caseId: number,
  url: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('external_link')
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', '=', caseId)
    .where('url', '=', url)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Link types used in the organisation. */
export async function linkTypesInUse(db: Db, scope: Scope): Promise<string[]> {
  const rows = await db
    .selectFrom('case_link')
    .select('link_type')
    .distinct()
    .where('organisation_id', '=', scope.organisationId)
    .execute();
  return rows.map((r) => r.link_type);
}

/**
 * Takes an alert out of the case it was imported into or merged with: it goes back to the queue
 * as New (TheHive 5 `DELETE /case/{caseId}/alert/{alertId}`); false when it was not in that case.
 */
export async function unlinkAlert(db: Db, scope: Scope, caseId: number, alertId: number): Promise<boolean> {
  const result = await db
    .updateTable('alert')
    .set({ case_id: null, status: 'New', stage: 'New', import_date: null, handling_duration: null })
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', alertId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
