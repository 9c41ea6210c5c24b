/**
 * v1 attachments as objects (TheHive 5, docs/attachments.md): files of a case
 * (`/case/{id}/attachments`, `/case/{id}/attachment/{attachmentId}[/download]`), of a task log
 * (`POST /log/{id}/attachments`; removal is in logs.ts) and of the organisation (`POST /attachment`,
 * `GET|DELETE /attachment/{id}`; download in observables.ts). Uploads are multipart with one or
 * more `attachments` file parts (thehive4py 2.x), answered `{"attachments": [...]}`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AttachmentOutputV1, AttachmentsOutputV1, badRequest } from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  addAttachments,
  deleteAttachment,
  downloadOwnedAttachment,
  getAttachment,
  listAttachments,
  type OwnerRef,
} from '../../domain/attachments/object-attachments.js';
import type { AttachmentFile } from '../../domain/attachments/store-attachment.js';
import type { Deps } from '../../domain/deps.js';
import { sendDownload, truthy } from '../download.js';
import { isMultipartRequest, readMultipart } from '../multipart.js';
import { attachmentV1 } from '../presenters/attachment.js';
import { ctx } from '../request-context.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { IdParams } from '../shared/params.js';
import { created, FileOk, list, NoContent, ok } from '../shared/responses.js';

const Upload = jsonOrMultipartBody(Type.Object({}), ['attachments']);
const AttachmentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  attachmentId: Type.String({ minLength: 1, maxLength: 64 }),
});
const ZipQuery = Type.Object({ asZip: Type.Optional(Type.String({ maxLength: 8 })) });

async function uploadedFiles(request: FastifyRequest): Promise<AttachmentFile[]> {
  if (!isMultipartRequest(request))
    throw badRequest('Send the files as multipart/form-data, one part named "attachments" per file');
  const body = await readMultipart(request);
  return body.files
    .filter((f) => f.field === 'attachments' || f.field === 'attachment')
    .map((f) => ({ filename: f.filename, contentType: f.contentType, bytes: f.bytes }));
}

export const attachmentsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const upload = (path: string, ref: (id: string) => OwnerRef, params?: typeof IdParams) =>
      app.post(
        path,
        { schema: { body: Upload, response: created(AttachmentsOutputV1), ...(params ? { params } : {}) } },
        async (request, reply) => {
          const id = (request.params as { id?: string }).id ?? '';
          const stored = await addAttachments(deps, ctx(request), ref(id), await uploadedFiles(request));
          return reply.status(201).send({ attachments: stored.map(attachmentV1) });
        },
      );
    upload('/case/:id/attachments', (id) => ({ kind: 'case', id }), IdParams);
    upload('/log/:id/attachments', (id) => ({ kind: 'log', id }), IdParams);
    upload('/attachment', () => ({ kind: 'organisation' }));

    app.get(
      '/case/:id/attachments',
      { schema: { params: IdParams, response: ok(list(AttachmentOutputV1)) } },
      async (request) =>
        (await listAttachments(deps, ctx(request), { kind: 'case', id: request.params.id })).map(
          attachmentV1,
        ),
    );
    app.get(
      '/log/:id/attachments',
      { schema: { params: IdParams, response: ok(list(AttachmentOutputV1)) } },
      async (request) =>
        (await listAttachments(deps, ctx(request), { kind: 'log', id: request.params.id })).map(attachmentV1),
    );
    app.get('/attachment', { schema: { response: ok(list(AttachmentOutputV1)) } }, async (request) =>
      (await listAttachments(deps, ctx(request), { kind: 'organisation' })).map(attachmentV1),
    );
    app.get(
      '/case/:id/attachment/:attachmentId',
      { schema: { params: AttachmentParams, response: ok(AttachmentOutputV1) } },
      async (request) =>
        attachmentV1(
          await getAttachment(
            deps,
            ctx(request),
            { kind: 'case', id: request.params.id },
            request.params.attachmentId,
          ),
        ),
    );
    app.delete(
      '/case/:id/attachment/:attachmentId',
      { schema: { params: AttachmentParams, response: NoContent } },
      async (request, reply) => {
        await deleteAttachment(
          deps,
          ctx(request),
          { kind: 'case', id: request.params.id },
          request.params.attachmentId,
        );
        return reply.status(204).send();
      },
    );
    app.get(
      '/case/:id/attachment/:attachmentId/download',
      { schema: { params: AttachmentParams, querystring: ZipQuery, response: FileOk } },
      async (request, reply) => {
        const zip = truthy(request.query.asZip);
        const d = await downloadOwnedAttachment(
          deps,
          ctx(request),
          { kind: 'case', id: request.params.id },
          request.params.attachmentId,
          { zip },
        );
        return sendDownload(reply, d, zip);
      },
    );
    app.get(
      '/attachment/:id',
      { schema: { params: IdParams, response: ok(AttachmentOutputV1) } },
      async (request) =>
        attachmentV1(await getAttachment(deps, ctx(request), { kind: 'organisation' }, request.params.id)),
    );
    app.delete(
      '/attachment/:id',
      { schema: { params: IdParams, response: NoContent } },
      async (request, reply) => {
        await deleteAttachment(deps, ctx(request), { kind: 'organisation' }, request.params.id);
        return reply.status(204).send();
      },
    );
  };
