/**
 * Attachments as objects of their own (TheHive 5): files on a case, on a task log (several, each
 * removable) and on the organisation (knowledge-base files). Upload, list, get, delete, download;
 * each file is a content-addressed blob with its SHA-256, SHA-1 and MD5 recorded. Writes need
 * manageCase (case), manageTask (log) or managePage (organisation files) and one transaction with
 * their audit row; reads follow the owner's visibility (shares included, docs/sharing.md).
 */
import { badRequest, formatId, notFound, parseId } from '@propolis/core';
import {
  type AttachmentOwner,
  type AttachmentView,
  attachmentsOf,
  deleteOwnedAttachment,
  linkAttachments,
} from '../../db/repositories/attachments.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { visibleLog } from '../logs/update-log.js';
import { type Download, serveAttachment } from './download-attachment.js';
import { type AttachmentFile, stageAttachmentFiles, storeAttachment } from './store-attachment.js';

export const MAX_FILES_PER_UPLOAD = 50;

export type OwnerRef = { kind: 'case' | 'log'; id: string } | { kind: 'organisation' };

const PERMISSION = {
  case: 'manageCase/update',
  log: 'manageTask',
  organisation: 'manageKnowledgeBase',
} as const;
const AUDIT_TYPE = { case: 'Case', log: 'Log', organisation: 'Organisation' } as const;

interface Resolved {
  owner: AttachmentOwner;
  rootId: string;
}

async function resolve(
  deps: Deps,
  ctx: RequestContext,
  ref: OwnerRef,
  access: 'read' | 'write',
): Promise<Resolved> {
  if (ref.kind === 'case') {
    const kase = await visibleCase(deps.db, ctx, ref.id, access);
    return { owner: { kind: 'case', id: kase.id }, rootId: formatId(kase.id) };
  }
  if (ref.kind === 'log') {
    const log = await visibleLog(deps, ctx, ref.id, access);
    return { owner: { kind: 'log', id: log.id }, rootId: formatId(log.case_id) };
  }
  return {
    owner: { kind: 'organisation', id: ctx.actor.organisationId },
    rootId: formatId(ctx.actor.organisationId),
  };
}

export async function addAttachments(
  deps: Deps,
  ctx: RequestContext,
  ref: OwnerRef,
  files: AttachmentFile[],
): Promise<AttachmentView[]> {
  requirePermission(ctx, PERMISSION[ref.kind]);
  if (files.length === 0) throw badRequest('attachments: send at least one file part named "attachments"');
  if (files.length > MAX_FILES_PER_UPLOAD)
    throw badRequest(`attachments: at most ${MAX_FILES_PER_UPLOAD} files at once`);
  const { owner, rootId } = await resolve(deps, ctx, ref, 'write');
  await stageAttachmentFiles(deps.config, files);
  return inTransaction(deps, async (trx) => {
    const stored: AttachmentView[] = [];
    for (const f of files)
      stored.push(await storeAttachment(trx, deps.config, scopeOf(ctx), f, ctx.actor.login));
    await linkAttachments(
      trx,
      owner,
      stored.map((s) => s.id),
    );
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: AUDIT_TYPE[owner.kind],
        objectId: formatId(owner.id),
        rootId,
        details: {
          addedAttachments: stored.map((s) => ({ _id: formatId(s.id), name: s.name, sha256: s.blob_sha256 })),
        },
      },
    ]);
    return stored;
  });
}

export async function listAttachments(
  deps: Deps,
  ctx: RequestContext,
  ref: OwnerRef,
): Promise<AttachmentView[]> {
  const { owner } = await resolve(deps, ctx, ref, 'read');
  return attachmentsOf(deps.db, readScopeOf(ctx), owner);
}

export async function getAttachment(
  deps: Deps,
  ctx: RequestContext,
  ref: OwnerRef,
  attachmentId: string,
): Promise<AttachmentView> {
  const all = await listAttachments(deps, ctx, ref);
  const n = parseId(attachmentId);
  const found = all.find((a) => a.id === n || a.blob_sha256 === attachmentId.toLowerCase());
  if (!found) throw notFound(`Attachment ${attachmentId} not found`);
  return found;
}

export async function deleteAttachment(
  deps: Deps,
  ctx: RequestContext,
  ref: OwnerRef,
  attachmentId: string,
): Promise<void> {
  requirePermission(ctx, PERMISSION[ref.kind]);
  const { owner, rootId } = await resolve(deps, ctx, ref, 'write');
  const att = await getAttachment(deps, ctx, ref, attachmentId);
  await inTransaction(deps, async (trx) => {
    if (!(await deleteOwnedAttachment(trx, scopeOf(ctx), owner, att.id)))
      throw notFound(`Attachment ${attachmentId} not found`);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: AUDIT_TYPE[owner.kind],
        objectId: formatId(owner.id),
        rootId,
        details: { removedAttachment: { _id: formatId(att.id), name: att.name } },
      },
    ]);
  });
}

export async function downloadOwnedAttachment(
  deps: Deps,
  ctx: RequestContext,
  ref: OwnerRef,
  attachmentId: string,
  options: { zip?: boolean } = {},
): Promise<Download> {
  return serveAttachment(deps, await getAttachment(deps, ctx, ref, attachmentId), options);
}
