/**
 * Moving what source cases hold into the case they are merged into (domain/cases/merge-cases.ts):
 * rows keep their ids and only change case, so links to them (shares of tasks and observables,
 * analysis jobs, attachments) stay valid. Rows that would be duplicates in the target (a second
 * share with the same organisation, a second link to the same case, the same URL or file twice,
 * a second value of the same custom field) are left on their source and go when it is deleted.
 * The caller has checked that every source is its own organisation's case.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** Tasks (with their logs), comments, pages, procedures, custom events and alert links. */
export async function moveCaseRows(
  trx: Db,
  sources: number[],
  target: number,
  options: { skipTasks: number[] },
): Promise<void> {
  let tasks = trx.updateTable('task').set({ case_id: target }).where('case_id', 'in', sources);
  if (options.skipTasks.length) tasks = tasks.where('id', 'not in', options.skipTasks);
  await tasks.execute();
  // a log follows its task (logs of a skipped task stay on the source, which has none)
  await trx
    .updateTable('task_log')
    .set({ case_id: target })
    .where('case_id', 'in', sources)
    .where('task_id', 'in', trx.selectFrom('task').select('id').where('case_id', '=', target))
    .execute();
  for (const table of ['comment', 'page', 'procedure', 'custom_event', 'alert'] as const)
    await trx.updateTable(table).set({ case_id: target }).where('case_id', 'in', sources).execute();
}

/** The Waiting tasks without logs whose title an earlier source (or the same one) already has Waiting. */
export async function duplicateWaitingTasks(trx: Db, sources: number[]): Promise<number[]> {
  const rows = await trx
    .selectFrom('task')
    .select(['id', 'case_id', 'title', 'status'])
    .where('case_id', 'in', sources)
    .orderBy('id')
    .execute();
  const withLogs = new Set(
    (
      await trx
        .selectFrom('task_log')
        .select('task_id')
        .where('case_id', 'in', sources)
        .groupBy('task_id')
        .execute()
    ).map((r) => r.task_id),
  );
  const order = new Map(sources.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.case_id)! - order.get(b.case_id)! || a.id - b.id);
  const seen = new Set<string>();
  const skip: number[] = [];
  for (const t of rows) {
    if (t.status !== 'Waiting') continue;
    if (seen.has(t.title) && !withLogs.has(t.id)) skip.push(t.id);
    seen.add(t.title);
  }
  return skip;
}

/**
 * Shares: the first source's share with an organisation moves; a later one's tasks and observables
 * join it (their share rows point to the moved share). Returns the organisations shared with.
 */
export async function moveShares(trx: Db, sources: number[], target: number): Promise<string[]> {
  const shares = await trx
    .selectFrom('share')
    .innerJoin('organisation', 'organisation.id', 'share.organisation_id')
    .select(['share.id', 'share.case_id', 'share.organisation_id', 'organisation.name'])
    .where('share.case_id', 'in', sources)
    .orderBy('share.id')
    .execute();
  const order = new Map(sources.map((id, i) => [id, i]));
  shares.sort((a, b) => order.get(a.case_id)! - order.get(b.case_id)! || a.id - b.id);
  const kept = new Map<number, number>();
  for (const s of shares) {
    const into = kept.get(s.organisation_id);
    if (into === undefined) {
      await trx.updateTable('share').set({ case_id: target }).where('id', '=', s.id).execute();
      kept.set(s.organisation_id, s.id);
    } else {
      for (const table of ['task_share', 'observable_share'] as const)
        await trx.updateTable(table).set({ share_id: into }).where('share_id', '=', s.id).execute();
    }
  }
  return [...new Set(shares.map((s) => s.name))];
}

/** Case ↔ case links: links between the sources disappear, others point to the target, once each. */
export async function moveCaseLinks(trx: Db, sources: number[], target: number): Promise<void> {
  const rows = await trx
    .selectFrom('case_link')
    .selectAll()
    .where((eb) => eb.or([eb('case_id', 'in', sources), eb('linked_case_id', 'in', sources)]))
    .orderBy('id')
    .execute();
  if (rows.length === 0) return;
  const existing = await trx
    .selectFrom('case_link')
    .select(['case_id', 'linked_case_id'])
    .where((eb) => eb.or([eb('case_id', '=', target), eb('linked_case_id', '=', target)]))
    .execute();
  const pairs = new Set(existing.map((r) => `${r.case_id}:${r.linked_case_id}`));
  const from = new Set(sources);
  const map = (id: number) => (from.has(id) ? target : id);
  await trx
    .deleteFrom('case_link')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  for (const { id: _id, ...r } of rows) {
    const caseId = map(r.case_id);
    const linked = map(r.linked_case_id);
    const pair = `${caseId}:${linked}`;
    if (caseId === linked || pairs.has(pair)) continue;
    pairs.add(pair);
    await trx
      .insertInto('case_link')
      .values({ ...r, case_id: caseId, linked_case_id: linked })
      .execute();
  }
}

/** External links (each URL once), case files, MISP exports (one per server), custom field values (the first source's). */
export async function moveCaseAttachmentsAndLinks(trx: Db, sources: number[], target: number): Promise<void> {
  const order = new Map(sources.map((id, i) => [id, i]));
  const bySource = <T extends { case_id: number }>(rows: T[]) =>
    rows.sort((a, b) => order.get(a.case_id)! - order.get(b.case_id)!);

  const urls = new Set<string>();
  for (const l of bySource(
    await trx.selectFrom('external_link').selectAll().where('case_id', 'in', sources).orderBy('id').execute(),
  )) {
    if (urls.has(l.url)) continue;
    urls.add(l.url);
    await trx.updateTable('external_link').set({ case_id: target }).where('id', '=', l.id).execute();
  }

  const files = await trx
    .selectFrom('case_attachment')
    .select('attachment_id')
    .where('case_id', 'in', sources)
    .groupBy('attachment_id')
    .execute();
  if (files.length)
    await trx
      .insertInto('case_attachment')
      .values(files.map((f) => ({ case_id: target, attachment_id: f.attachment_id })))
      .execute();

  const servers = new Set<string>();
  for (const e of bySource(
    await trx.selectFrom('misp_export').selectAll().where('case_id', 'in', sources).execute(),
  )) {
    if (servers.has(e.server)) continue;
    servers.add(e.server);
    await trx
      .updateTable('misp_export')
      .set({ case_id: target })
      .where('case_id', '=', e.case_id)
      .where('server', '=', e.server)
      .execute();
  }

  const fields = new Set<number>();
  const values = await trx
    .selectFrom('custom_field_value')
    .select(['id', 'entity_id', 'field_id'])
    .where('entity_type', '=', 'case')
    .where('entity_id', 'in', sources)
    .orderBy('id')
    .execute();
  values.sort((a, b) => order.get(a.entity_id)! - order.get(b.entity_id)!);
  for (const v of values) {
    if (fields.has(v.field_id)) continue;
    fields.add(v.field_id);
    await trx.updateTable('custom_field_value').set({ entity_id: target }).where('id', '=', v.id).execute();
  }
}

/**
 * Access restrictions: when a source is restricted to named users, the merged case is restricted
 * to the users named on the restricted sources (what was hidden stays hidden).
 */
export async function mergeRestrictions(
  trx: Db,
  sources: number[],
  target: number,
  organisationId: number,
): Promise<boolean> {
  const restricted = await trx
    .selectFrom('case_restriction')
    .select('case_id')
    .where('case_id', 'in', sources)
    .execute();
  if (restricted.length === 0) return false;
  const users = await trx
    .selectFrom('case_access')
    .select('user_id')
    .where(
      'case_id',
      'in',
      restricted.map((r) => r.case_id),
    )
    .groupBy('user_id')
    .execute();
  await trx
    .insertInto('case_restriction')
    .values({ case_id: target, organisation_id: organisationId })
    .execute();
  if (users.length)
    await trx
      .insertInto('case_access')
      .values(users.map((u) => ({ case_id: target, user_id: u.user_id })))
      .execute();
  return true;
}
