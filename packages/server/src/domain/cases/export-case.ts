/**
 * `GET /case/{id}/export?password=...` (TheHive 5): the case with its tasks, logs, observables,
 * files, custom fields and the sections other features register, as an AES-256 encrypted zip
 * (case-archive.ts). Anyone who reads the case may export it (the archive holds what they can read).
 */
import { badRequest } from '@propolis/core';
import { blobStore } from '../../blobs/blob-store.js';
import { zipLibrary } from '../../blobs/zip.js';
import { type AttachmentView, attachmentsByIds, attachmentsOf } from '../../db/repositories/attachments.js';
import { observablesOfCase } from '../../db/repositories/observables.js';
import { attachmentsOfLogs, logsOfTasks } from '../../db/repositories/task-logs.js';
import { tasksOfCases } from '../../db/repositories/tasks.js';
import { type RequestContext, readScopeOf } from '../context.js';
import { readCustomFieldValues } from '../custom-fields/values.js';
import type { Deps } from '../deps.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type CaseArchive,
  caseArchiveSections,
  columnsOf,
  type FileRef,
} from './case-archive.js';
import './archive-sections.js';
import { visibleCase } from './guards.js';

export const MIN_PASSWORD = 4;

const refOf = (a: AttachmentView): FileRef => ({
  name: a.name,
  contentType: a.content_type,
  size: a.size,
  sha256: a.blob_sha256,
  sha1: a.sha1,
  md5: a.md5,
  createdAt: a.created_at,
  createdBy: a.created_by,
});

export async function exportCase(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  caseId: string,
  password: string | undefined,
): Promise<{ filename: string; bytes: Buffer }> {
  if (!password || password.length < MIN_PASSWORD)
    throw badRequest(
      `password: give the archive's password (at least ${MIN_PASSWORD} characters) as ?password=`,
    );
  const kase = await visibleCase(deps.db, ctx, caseId, 'read');
  const scope = readScopeOf(ctx);
  const files = new Map<string, AttachmentView>();
  const keep = (a: AttachmentView) => {
    files.set(a.blob_sha256, a);
    return refOf(a);
  };
  const tasks = await tasksOfCases(deps.db, scope, [kase.id]);
  const logs = await logsOfTasks(
    deps.db,
    scope,
    tasks.map((t) => t.id),
  );
  const logFiles = await attachmentsOfLogs(
    deps.db,
    scope,
    logs.map((l) => l.id),
  );
  const observables = await observablesOfCase(deps.db, scope, kase.id);
  const observableFiles = await attachmentsByIds(
    deps.db,
    scope,
    observables.map((o) => o.attachment_id).filter((a): a is number => a !== null),
  );
  const caseFiles = await attachmentsOf(deps.db, scope, { kind: 'case', id: kase.id });
  const custom = (await readCustomFieldValues(deps.db, 'case', [kase.id])).get(kase.id) ?? [];
  const sections: Record<string, unknown> = {};
  const caseScope = { organisationId: kase.organisation_id, platformAdmin: false };
  for (const s of caseArchiveSections()) sections[s.name] = await s.export(deps.db, caseScope, kase.id);
  const archive: CaseArchive = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: Date.now(),
    exportedBy: ctx.actor.login,
    organisation: ctx.actor.organisationName,
    case: columnsOf(kase, ['id', 'organisation_id', 'merged_into']),
    customFields: custom.map((c) => ({ name: c.name, value: c.value, order: c.order })),
    tasks: tasks.map((t) => ({
      ...columnsOf(t, ['id', 'organisation_id', 'case_id']),
      logs: logs
        .filter((l) => l.task_id === t.id)
        .sort((a, b) => a.id - b.id)
        .map((l) => ({
          ...columnsOf(l, ['id', 'organisation_id', 'case_id', 'task_id']),
          attachments: (logFiles.get(l.id) ?? []).map((a) => keep(a as AttachmentView)),
        })),
    })),
    observables: observables.map((o) => {
      const att = o.attachment_id !== null ? observableFiles.get(o.attachment_id) : undefined;
      return {
        ...columnsOf(o, ['id', 'organisation_id', 'case_id', 'alert_id', 'attachment_id']),
        ...(att ? { attachment: keep(att) } : {}),
      };
    }),
    attachments: caseFiles.map(keep),
    sections,
  };
  const { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } = await zipLibrary();
  const writer = new ZipWriter(new BlobWriter('application/zip'), {
    password,
    encryptionStrength: 3,
    level: 6,
  });
  await writer.add('case.json', new TextReader(JSON.stringify(archive, null, 1)));
  const store = blobStore(deps.config);
  for (const [sha256] of files) {
    const bytes = await store.get(deps.db, sha256);
    if (!bytes) throw badRequest(`The content of file ${sha256} is missing from the store`);
    await writer.add(`files/${sha256}`, new Uint8ArrayReader(bytes));
  }
  const blob = await writer.close();
  return { filename: `case-${kase.number}.zip`, bytes: Buffer.from(await blob.arrayBuffer()) };
}
