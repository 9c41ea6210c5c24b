/**
 * Organisation links and shares (migration 0019, docs/sharing.md). A share gives another
 * organisation a case under a permission profile; `task_share` and `observable_share` list which of
 * the case's tasks and observables it sees. Reads of shares are scoped: the owner of a case sees all
 * its shares, an organisation it is shared with sees its own.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import type { OrganisationLinkTable, ShareTable } from '../sharing-schema.js';

type Db = Kysely<Database>;
export type ShareRow = Selectable<ShareTable>;
export type OrganisationLinkRow = Selectable<OrganisationLinkTable>;
export interface ShareView extends ShareRow {
  organisation_name: string;
  case_organisation_id: number;
}

/** Whether the organisation has received shares, and whether any case is restricted (per request). */
export async function visibilityFlags(
  db: Db,
  organisationId: number,
): Promise<{ shared: boolean; restrictions: boolean }> {
  const [s, r] = await Promise.all([
    db
      .selectFrom('share')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .limit(1)
      .executeTakeFirst(),
    db.selectFrom('case_restriction').select('case_id').limit(1).executeTakeFirst(),
  ]);
  return { shared: s !== undefined, restrictions: r !== undefined };
}

// ---- links

export async function linksOf(db: Db, organisationId: number) {
  return db
    .selectFrom('organisation_link')
    .innerJoin('organisation', 'organisation.id', 'organisation_link.linked_id')
    .select([
      'organisation_link.linked_id',
      'organisation_link.link_type',
      'organisation.name',
      'organisation.description',
      'organisation.created_at',
      'organisation.created_by',
      'organisation.updated_at',
      'organisation.updated_by',
    ])
    .where('organisation_link.organisation_id', '=', organisationId)
    .orderBy('organisation.name')
    .execute();
}

export async function linkBetween(
  db: Db,
  from: number,
  to: number,
): Promise<OrganisationLinkRow | undefined> {
  return db
    .selectFrom('organisation_link')
    .selectAll()
    .where('organisation_id', '=', from)
    .where('linked_id', '=', to)
    .executeTakeFirst();
}

/** Links both ways (one row per direction, each with its own type); replaces existing types. */
export async function putLink(
  db: Db,
  a: number,
  b: number,
  types: { linkType: string; otherLinkType: string },
  by: string,
): Promise<void> {
  await removeLink(db, a, b);
  const now = Date.now();
  await db
    .insertInto('organisation_link')
    .values([
      { organisation_id: a, linked_id: b, link_type: types.linkType, created_at: now, created_by: by },
      { organisation_id: b, linked_id: a, link_type: types.otherLinkType, created_at: now, created_by: by },
    ])
    .execute();
}

export async function removeLink(db: Db, a: number, b: number): Promise<void> {
  await db
    .deleteFrom('organisation_link')
    .where((e) =>
      e.or([
        e.and([e('organisation_id', '=', a), e('linked_id', '=', b)]),
        e.and([e('organisation_id', '=', b), e('linked_id', '=', a)]),
      ]),
    )
    .execute();
}

// ---- shares

const shareViews = (db: Db) =>
  db
    .selectFrom('share')
    .innerJoin('organisation', 'organisation.id', 'share.organisation_id')
    .innerJoin('case', 'case.id', 'share.case_id')
    .selectAll('share')
    .select(['organisation.name as organisation_name', 'case.organisation_id as case_organisation_id']);

/** Shares the scope may see: all of its own cases', and those given to it. */
const sharesInScope = (db: Db, scope: Scope) =>
  shareViews(db).where((e) =>
    e.or([
      e('case.organisation_id', '=', scope.organisationId),
      e('share.organisation_id', '=', scope.organisationId),
    ]),
  );

export async function sharesOfCase(db: Db, scope: Scope, caseId: number): Promise<ShareView[]> {
  return sharesInScope(db, scope).where('share.case_id', '=', caseId).orderBy('share.id').execute();
}

export async function findShare(db: Db, scope: Scope, id: number): Promise<ShareView | undefined> {
  return sharesInScope(db, scope).where('share.id', '=', id).executeTakeFirst();
}

/** The share of a case with an organisation (no scope: commands check the case first). */
export async function shareOf(db: Db, caseId: number, organisationId: number): Promise<ShareRow | undefined> {
  return db
    .selectFrom('share')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function insertShare(
  db: Db,
  row: Omit<ShareRow, 'id' | 'updated_at' | 'updated_by'>,
): Promise<ShareRow> {
  return db.insertInto('share').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates a share of one of the scope's cases. */
export async function updateShare(
  db: Db,
  scope: Scope,
  id: number,
  values: { profile_name?: string; task_rule?: string; observable_rule?: string; updated_by: string },
): Promise<void> {
  await db
    .updateTable('share')
    .set({ ...values, updated_at: Date.now() })
    .where('id', '=', id)
    .where('case_id', 'in', (q) =>
      q.selectFrom('case').select('id').where('organisation_id', '=', scope.organisationId),
    )
    .execute();
}

/** Deletes shares of the scope's cases; their task and observable shares go with them. */
export async function deleteShares(db: Db, scope: Scope, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('task_share').where('share_id', 'in', ids).execute();
  await db.deleteFrom('observable_share').where('share_id', 'in', ids).execute();
  await db
    .deleteFrom('share')
    .where('id', 'in', ids)
    .where('case_id', 'in', (q) =>
      q.selectFrom('case').select('id').where('organisation_id', '=', scope.organisationId),
    )
    .execute();
}

/** Shares the case's current and future tasks/observables follow (rule `all` or `upcomingOnly`). */
export async function autoSharesOfCase(
  db: Db,
  caseId: number,
  kind: 'task' | 'observable',
): Promise<ShareRow[]> {
  const column = kind === 'task' ? 'task_rule' : 'observable_rule';
  return db
    .selectFrom('share')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(column, 'in', ['all', 'upcomingOnly', 'autoShare'])
    .execute();
}

export async function shareTasks(db: Db, share: ShareRow, taskIds: number[]): Promise<void> {
  if (taskIds.length === 0) return;
  for (let i = 0; i < taskIds.length; i += 500) {
    await db
      .insertInto('task_share')
      .values(
        taskIds
          .slice(i, i + 500)
          .map((id) => ({ task_id: id, organisation_id: share.organisation_id, share_id: share.id })),
      )
      .onConflict((oc) => oc.columns(['task_id', 'organisation_id']).doNothing())
      .execute();
  }
}

export async function shareObservables(db: Db, share: ShareRow, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .insertInto('observable_share')
      .values(
        ids
          .slice(i, i + 500)
          .map((id) => ({ observable_id: id, organisation_id: share.organisation_id, share_id: share.id })),
      )
      .onConflict((oc) => oc.columns(['observable_id', 'organisation_id']).doNothing())
      .execute();
  }
}

export async function unshareTask(db: Db, taskId: number, organisationIds: number[]): Promise<void> {
  if (organisationIds.length === 0) return;
  await db
    .deleteFrom('task_share')
    .where('task_id', '=', taskId)
    .where('organisation_id', 'in', organisationIds)
    .execute();
}

export async function unshareObservable(
  db: Db,
  observableId: number,
  organisationIds: number[],
): Promise<void> {
  if (organisationIds.length === 0) return;
  await db
    .deleteFrom('observable_share')
    .where('observable_id', '=', observableId)
    .where('organisation_id', 'in', organisationIds)
    .execute();
}

/** The organisations a task is shared with (names), for the owner's view. */
export async function organisationsOfTaskShares(db: Db, taskId: number) {
  return db
    .selectFrom('task_share')
    .innerJoin('share', 'share.id', 'task_share.share_id')
    .innerJoin('organisation', 'organisation.id', 'task_share.organisation_id')
    .selectAll('share')
    .select(['organisation.name as organisation_name'])
    .where('task_share.task_id', '=', taskId)
    .execute();
}

export async function organisationsOfObservableShares(db: Db, observableId: number) {
  return db
    .selectFrom('observable_share')
    .innerJoin('share', 'share.id', 'observable_share.share_id')
    .innerJoin('organisation', 'organisation.id', 'observable_share.organisation_id')
    .selectAll('share')
    .select(['organisation.name as organisation_name'])
    .where('observable_share.observable_id', '=', observableId)
    .execute();
}

/** Share counts of cases (extraData shareCount). */
export async function shareCounts(db: Db, caseIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('share')
    .select(['case_id', sql<number>`COUNT(*)`.as('n')])
    .where('case_id', 'in', caseIds)
    .groupBy('case_id')
    .execute();
  for (const r of rows) out.set(Number(r.case_id), Number(r.n));
  return out;
}

// ---- restrictions

export async function restrictionOf(
  db: Db,
  caseId: number,
): Promise<{ restricted: boolean; userIds: number[] }> {
  const r = await db
    .selectFrom('case_restriction')
    .select('case_id')
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!r) return { restricted: false, userIds: [] };
  const users = await db.selectFrom('case_access').select('user_id').where('case_id', '=', caseId).execute();
  return { restricted: true, userIds: users.map((u) => Number(u.user_id)) };
}

export async function setRestriction(
  db: Db,
  caseId: number,
  organisationId: number,
  userIds: number[] | undefined,
): Promise<void> {
  await db.deleteFrom('case_access').where('case_id', '=', caseId).execute();
  await db.deleteFrom('case_restriction').where('case_id', '=', caseId).execute();
  if (userIds === undefined) return;
  await db
    .insertInto('case_restriction')
    .values({ case_id: caseId, organisation_id: organisationId })
    .execute();
  if (userIds.length > 0)
    await db
      .insertInto('case_access')
      .values([...new Set(userIds)].map((u) => ({ case_id: caseId, user_id: u })))
      .execute();
}

/** Among these cases, those shared with the organisation. */
export async function casesSharedWith(
  db: Db,
  organisationId: number,
  caseIds: number[],
): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('share')
    .select('case_id')
    .where('organisation_id', '=', organisationId)
    .where('case_id', 'in', [...new Set(caseIds)])
    .execute();
  return new Set(rows.map((r) => Number(r.case_id)));
}

/** Among these cases, those restricted to named users that the user is not named on. */
export async function casesHiddenFrom(db: Db, userId: number, caseIds: number[]): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('case_restriction as r')
    .select('r.case_id')
    .where('r.case_id', 'in', [...new Set(caseIds)])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_access as a')
            .select('a.case_id')
            .whereRef('a.case_id', '=', 'r.case_id')
            .where('a.user_id', '=', userId),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((r) => Number(r.case_id)));
}

/**
 * Moves a case, with its tasks, logs, observables, files, tags and custom field values, to another
 * organisation (owner change). The case gets the next number of its new organisation.
 */
export async function moveCase(
  db: Db,
  caseId: number,
  from: number,
  to: number,
  number: number,
): Promise<void> {
  await db
    .updateTable('case')
    .set({ organisation_id: to, number })
    .where('id', '=', caseId)
    .where('organisation_id', '=', from)
    .execute();
  await db.updateTable('task').set({ organisation_id: to }).where('case_id', '=', caseId).execute();
  await db.updateTable('task_log').set({ organisation_id: to }).where('case_id', '=', caseId).execute();
  await db.updateTable('observable').set({ organisation_id: to }).where('case_id', '=', caseId).execute();
  const attachmentIds = db
    .selectFrom('observable')
    .select('attachment_id as id')
    .where('case_id', '=', caseId)
    .where('attachment_id', 'is not', null)
    .union(
      db
        .selectFrom('log_attachment')
        .innerJoin('task_log', 'task_log.id', 'log_attachment.log_id')
        .select('log_attachment.attachment_id as id')
        .where('task_log.case_id', '=', caseId),
    )
    .union(db.selectFrom('case_attachment').select('attachment_id as id').where('case_id', '=', caseId));
  await db
    .updateTable('attachment')
    .set({ organisation_id: to })
    .where('id', 'in', db.selectFrom(attachmentIds.as('a')).select('a.id'))
    .execute();
  await db
    .updateTable('entity_tag')
    .set({ organisation_id: to })
    .where('entity_type', '=', 'case')
    .where('entity_id', '=', caseId)
    .execute();
  await db
    .updateTable('entity_tag')
    .set({ organisation_id: to })
    .where('entity_type', '=', 'observable')
    .where('entity_id', 'in', db.selectFrom('observable').select('id').where('case_id', '=', caseId))
    .execute();
  await db
    .updateTable('custom_field_value')
    .set({ organisation_id: to })
    .where('entity_type', '=', 'case')
    .where('entity_id', '=', caseId)
    .execute();
  await db
    .updateTable('case_restriction')
    .set({ organisation_id: to })
    .where('case_id', '=', caseId)
    .execute();
}

/** The organisations that have received at least one share (live stream dispatch). */
export async function organisationsWithShares(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('share').select('organisation_id').distinct().execute();
  return rows.map((r) => Number(r.organisation_id));
}

/**
 * The case a comment, procedure or custom event belongs to, unscoped: only to find which share a
 * write on it would go through (the caller then checks that case is shared with it).
 */
export async function caseOfCaseItem(
  db: Db,
  table: 'comment' | 'procedure' | 'custom_event',
  id: number,
): Promise<number | null> {
  const row = await db.selectFrom(table).select('case_id').where('id', '=', id).executeTakeFirst();
  return row?.case_id ?? null;
}

/** The name of an organisation by id (unscoped: the owner of a case shared with the caller). */
export async function organisationNameOf(db: Db, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('organisation').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name;
}

/** The names of the organisations each of these is linked to, by name (OutputOrganisation `links`). */
export async function linkedNamesOf(db: Db, organisationIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(organisationIds.map((id) => [id, []]));
  if (organisationIds.length === 0) return out;
  const rows = await db
    .selectFrom('organisation_link')
    .innerJoin('organisation', 'organisation.id', 'organisation_link.linked_id')
    .select(['organisation_link.organisation_id', 'organisation.name'])
    .where('organisation_link.organisation_id', 'in', organisationIds)
    .orderBy('organisation.name')
    .execute();
  for (const r of rows) out.get(r.organisation_id)?.push(r.name);
  return out;
}

/**
 * The organisations that take part in each task (its owner first, then those it is shared with),
 * for a page of tasks in two queries.
 */
export async function partiesOfTasks(
  db: Db,
  tasks: Array<{ id: number; organisation_id: number }>,
): Promise<Map<number, Array<{ id: number; name: string }>>> {
  const out = new Map<number, Array<{ id: number; name: string }>>();
  if (tasks.length === 0) return out;
  const owners = [...new Set(tasks.map((t) => t.organisation_id))];
  const names = new Map(
    (await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', owners).execute()).map(
      (o) => [o.id, o.name],
    ),
  );
  for (const t of tasks) out.set(t.id, [{ id: t.organisation_id, name: names.get(t.organisation_id) ?? '' }]);
  const shared = await db
    .selectFrom('task_share')
    .innerJoin('organisation', 'organisation.id', 'task_share.organisation_id')
    .select(['task_share.task_id', 'organisation.id', 'organisation.name'])
    .where(
      'task_share.task_id',
      'in',
      tasks.map((t) => t.id),
    )
    .orderBy('organisation.name')
    .execute();
  for (const s of shared) {
    const parties = out.get(s.task_id);
    if (parties && !parties.some((p) => p.id === s.id)) parties.push({ id: s.id, name: s.name });
  }
  return out;
}

/** The cases among `caseIds` restricted to named users, with those users' logins (sorted). */
export async function accessOfCases(db: Db, caseIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('case_restriction')
    .leftJoin('case_access', 'case_access.case_id', 'case_restriction.case_id')
    .leftJoin('user', 'user.id', 'case_access.user_id')
    .select(['case_restriction.case_id as case_id', 'user.login as login'])
    .where('case_restriction.case_id', 'in', caseIds)
    .execute();
  for (const r of rows) {
    const users = out.get(Number(r.case_id)) ?? [];
    if (r.login) users.push(r.login);
    out.set(Number(r.case_id), users);
  }
  for (const users of out.values()) users.sort();
  return out;
}
