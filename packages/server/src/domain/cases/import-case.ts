/**
 * `POST /case/import` (TheHive 5; multipart `_json` = {password, sharingParameters?} and `file`):
 * restores an archive of `GET /case/{id}/export` (case-archive.ts) as a new case of the caller's
 * organisation — from this Propolis or another — with its tasks, logs, observables, files, custom
 * fields and registered sections, dates and authors as exported, a new number, then the shares
 * asked for. One transaction: a wrong password, a corrupt or foreign archive, a file whose bytes do
 * not match its hash, an unknown custom field or section is a 400 and nothing is created.
 * Permission manageCase.
 */
import { badRequest, formatId, type InputShare } from '@propolis/core';
import type { Insertable } from 'kysely';
import { hashBytes } from '../../blobs/blob-store.js';
import { unzipEntries } from '../../blobs/zip.js';
import { linkAttachments, setAttachmentCreatedAt } from '../../db/repositories/attachments.js';
import { type CaseRow, findCase, insertCase } from '../../db/repositories/cases.js';
import { membershipFor, userByLogin } from '../../db/repositories/credentials.js';
import { insertObservables, OBSERVABLE_CONTENT_COLUMNS } from '../../db/repositories/observables.js';
import { nextSequence } from '../../db/repositories/sequences.js';
import { insertTags } from '../../db/repositories/tags.js';
import { insertLog, linkLogAttachments } from '../../db/repositories/task-logs.js';
import { insertTasks } from '../../db/repositories/tasks.js';
import type { CaseTable, ObservableTable, TaskLogTable, TaskTable } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { storeAttachment } from '../attachments/store-attachment.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { applyShare, shareRequest } from '../sharing/share-case.js';
import './archive-sections.js';
import { ARCHIVE_FORMAT, type CaseArchive, caseArchiveSection, type FileRef } from './case-archive.js';
import { type CaseView, toCaseView } from './case-view.js';
import { writeCaseCustomFields } from './template-support.js';

export interface ImportOptions {
  password?: string;
  sharingParameters?: InputShare[];
}

const LIMITS = { maxEntries: 100_000, maxTotalSize: 1024 * 1024 * 1024 };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const pick = <T>(cols: Record<string, unknown>, names: readonly (keyof T)[]): Insertable<T> =>
  Object.fromEntries(names.map((n) => [n, cols[n as string] ?? null])) as Insertable<T>;

const CASE_COLUMNS: (keyof CaseTable)[] = [
  'title',
  'description',
  'severity',
  'start_date',
  'end_date',
  'tags',
  'flag',
  'tlp',
  'pap',
  'status',
  'stage',
  'impact_status',
  'summary',
  'assignee',
  'case_template',
  'in_progress_date',
  'closed_date',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
];
const TASK_COLUMNS: (keyof TaskTable)[] = [
  'title',
  'group_name',
  'description',
  'status',
  'flag',
  'start_date',
  'end_date',
  'order',
  'due_date',
  'assignee',
  'mandatory',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
];
const LOG_COLUMNS: (keyof TaskLogTable)[] = [
  'message',
  'date',
  'owner',
  'include_in_timeline',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
];

function parseArchive(bytes: Buffer | undefined): CaseArchive {
  let value: unknown;
  try {
    value = JSON.parse(bytes?.toString('utf8') ?? '');
  } catch {
    throw badRequest('file: not a case archive (case.json is missing or not JSON)');
  }
  if (!isObject(value) || value.format !== ARCHIVE_FORMAT || typeof value.version !== 'number')
    throw badRequest(`file: not a case archive of Propolis (format "${ARCHIVE_FORMAT}")`);
  if (value.version > 1)
    throw badRequest(`file: archive version ${value.version} is newer than this Propolis reads (1)`);
  const a = value as unknown as CaseArchive;
  if (
    !isObject(a.case) ||
    !Array.isArray(a.tasks) ||
    !Array.isArray(a.observables) ||
    !Array.isArray(a.attachments)
  )
    throw badRequest('file: the case archive is incomplete');
  return a;
}

export async function importCase(
  deps: Deps,
  ctx: RequestContext,
  archiveBytes: Buffer | undefined,
  options: ImportOptions,
): Promise<CaseView> {
  requirePermission(ctx, 'manageCase/create');
  if (!archiveBytes) throw badRequest('file: send the archive in a file part named "file"');
  if (!options.password) throw badRequest('password: the archive password is required (in _json)');
  let entries: Awaited<ReturnType<typeof unzipEntries>>;
  try {
    entries = await unzipEntries(archiveBytes, options.password, LIMITS);
  } catch (error) {
    const message = (error as Error).message
      .replace(/^zipPassword/, 'password')
      .replace('The attachment', 'file: the archive');
    throw badRequest(message);
  }
  const byPath = new Map(entries.map((e) => [e.path, e.bytes]));
  const archive = parseArchive(byPath.get('case.json'));
  const unknown = Object.keys(archive.sections ?? {}).filter((n) => !caseArchiveSection(n));
  if (unknown.length > 0)
    throw badRequest(`file: the archive holds ${unknown.join(', ')}, which this Propolis does not know`);
  const fileOf = (ref: FileRef) => {
    const bytes = byPath.get(`files/${ref.sha256}`);
    if (!bytes || hashBytes(bytes).sha256 !== ref.sha256)
      throw badRequest(`file: the archive's file ${ref.name} is missing or corrupt`);
    return { filename: ref.name, contentType: ref.contentType, bytes };
  };
  const allRefs = [
    ...archive.attachments,
    ...archive.observables.flatMap((o) => (o.attachment ? [o.attachment] : [])),
    ...archive.tasks.flatMap((t) => t.logs.flatMap((l) => l.attachments)),
  ];
  for (const r of allRefs) fileOf(r);
  const shares: Awaited<ReturnType<typeof shareRequest>>[] = [];
  for (const s of options.sharingParameters ?? [])
    shares.push(await shareRequest(deps, ctx.actor.organisationId, s));
  const caseCols = pick<CaseTable>(archive.case, CASE_COLUMNS);
  if (typeof caseCols.assignee === 'string') {
    const user = await userByLogin(deps.db, caseCols.assignee);
    if (!user || !(await membershipFor(deps.db, user.id, ctx.actor.organisationId))) caseCols.assignee = null;
  }
  const org = ctx.actor.organisationId;
  const scope = scopeOf(ctx);
  const by = ctx.actor.login;
  const row = await inTransaction(deps, async (trx): Promise<CaseRow> => {
    const store = async (ref: FileRef) => {
      const att = await storeAttachment(trx, deps.config, scope, fileOf(ref), ref.createdBy);
      await setAttachmentCreatedAt(trx, att.id, ref.createdAt);
      return att.id;
    };
    const number = await nextSequence(trx, org, 'case');
    const kase = await insertCase(trx, { ...caseCols, organisation_id: org, number, merged_into: null });
    await insertTags(trx, org, 'case', kase.id, JSON.parse(String(kase.tags)) as string[]);
    if (archive.customFields.length > 0)
      await writeCaseCustomFields(trx, ctx, kase.id, archive.customFields, 'merge');
    for (const t of archive.tasks) {
      const [task] = await insertTasks(trx, [
        { ...pick<TaskTable>(t, TASK_COLUMNS), organisation_id: org, case_id: kase.id },
      ]);
      for (const l of t.logs) {
        const log = await insertLog(trx, {
          ...pick<TaskLogTable>(l, LOG_COLUMNS),
          organisation_id: org,
          case_id: kase.id,
          task_id: task!.id,
        });
        const ids: number[] = [];
        for (const ref of l.attachments) ids.push(await store(ref));
        await linkLogAttachments(trx, log.id, ids);
      }
    }
    for (const o of archive.observables) {
      const attachmentId = o.attachment ? await store(o.attachment) : null;
      const [obs] = await insertObservables(trx, [
        {
          ...pick<ObservableTable>(o, OBSERVABLE_CONTENT_COLUMNS),
          organisation_id: org,
          case_id: kase.id,
          alert_id: null,
          attachment_id: attachmentId,
        },
      ]);
      await insertTags(trx, org, 'observable', obs!.id, JSON.parse(String(obs!.tags)) as string[]);
    }
    const caseFiles: number[] = [];
    for (const ref of archive.attachments) caseFiles.push(await store(ref));
    await linkAttachments(trx, { kind: 'case', id: kase.id }, caseFiles);
    for (const [name, data] of Object.entries(archive.sections ?? {}))
      await caseArchiveSection(name)!.import(trx, ctx, kase.id, data);
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'Case',
        objectId: formatId(kase.id),
        details: { number, title: kase.title, importedFrom: archive.organisation, importedBy: by },
      },
    ]);
    for (const s of shares) await applyShare(trx, ctx, kase, s);
    return kase;
  });
  const current = await findCase(deps.db, scope, row.id);
  return toCaseView(current ?? row);
}
