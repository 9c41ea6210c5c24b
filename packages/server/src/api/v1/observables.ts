/**
 * v1 observables of cases (TheHive 4/5 paths and shapes): create (JSON or multipart), read, update,
 * bulk update, delete, attachment downloads, and the cases linked to a case through observables.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkUpdateObservableBody,
  CreateObservableRequest,
  LinkedCaseV1,
  ObservableOutputV1,
  UpdateObservableBody,
} from '@propolis/core';
import { Type } from 'typebox';
import {
  downloadAttachment,
  downloadObservableAttachment,
} from '../../domain/attachments/download-attachment.js';
import type { Deps } from '../../domain/deps.js';
import { bulkUpdateObservables } from '../../domain/observables/bulk-update-observables.js';
import { createObservables } from '../../domain/observables/create-observables.js';
import { deleteObservable } from '../../domain/observables/delete-observable.js';
import { getObservable } from '../../domain/observables/get-observable.js';
import { getLinkedCases } from '../../domain/observables/linked-cases.js';
import type { UpdateObservableInput } from '../../domain/observables/observable-input.js';
import { updateObservable } from '../../domain/observables/update-observable.js';
import { sendDownload, truthy } from '../download.js';
import { linkedCaseV1, observableV1 } from '../presenters/observable.js';
import { ctx } from '../request-context.js';
import { bulkThroughShares } from '../share-writes.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { readCreateInput, withoutNulls } from '../shared/observable-request.js';
import { CaseIdParams, IdParams } from '../shared/params.js';
import { created, FileOk, list, NoContent, ok } from '../shared/responses.js';

export const observablesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/observable',
      {
        schema: {
          body: jsonOrMultipartBody(CreateObservableRequest),
          response: created(list(ObservableOutputV1)),
          params: CaseIdParams,
          querystring: Type.Object({ dataType: Type.Optional(Type.String({ maxLength: 64 })) }),
        },
      },
      async (request, reply) => {
        const { input, files } = await readCreateInput(request);
        const result = await createObservables(deps, ctx(request), request.params.caseId, input, files);
        return reply.status(201).send(result.views.map(observableV1));
      },
    );
    app.get(
      '/case/:caseId/links',
      { schema: { response: ok(list(LinkedCaseV1)), params: CaseIdParams } },
      async (request) => {
        const links = await getLinkedCases(deps, ctx(request), request.params.caseId);
        return links.map(linkedCaseV1);
      },
    );
    app.patch(
      '/observable/_bulk',
      { schema: { response: NoContent, body: BulkUpdateObservableBody } },
      async (request, reply) => {
        const { ids, ...fields } = withoutNulls(request.body) as UpdateObservableInput & { ids: string[] };
        await bulkThroughShares(deps, request, 'observable', ids, (c, part, d) =>
          bulkUpdateObservables(d, c, part, fields),
        );
        return reply.status(204).send();
      },
    );
    app.get(
      '/observable/:id',
      { schema: { response: ok(ObservableOutputV1), params: IdParams } },
      async (request) =>
        observableV1(await getObservable(deps, ctx(request), request.params.id, { seen: true })),
    );
    app.patch(
      '/observable/:id',
      { schema: { response: NoContent, params: IdParams, body: UpdateObservableBody } },
      async (request, reply) => {
        await updateObservable(
          deps,
          ctx(request),
          request.params.id,
          withoutNulls(request.body) as UpdateObservableInput,
        );
        return reply.status(204).send();
      },
    );
    app.delete(
      '/observable/:id',
      { schema: { response: NoContent, params: IdParams } },
      async (request, reply) => {
        await deleteObservable(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/observable/:id/attachment/:attachmentId/download',
      {
        schema: {
          response: FileOk,
          params: Type.Object({
            id: Type.String({ maxLength: 255 }),
            attachmentId: Type.String({ maxLength: 255 }),
          }),
          querystring: Type.Object({ asZip: Type.Optional(Type.String({ maxLength: 8 })) }),
        },
      },
      async (request, reply) => {
        const zip = truthy(request.query.asZip);
        const d = await downloadObservableAttachment(
          deps,
          ctx(request),
          request.params.id,
          request.params.attachmentId,
          { zip },
        );
        return sendDownload(reply, d, zip);
      },
    );
    app.get(
      '/attachment/:id/download',
      {
        schema: {
          response: FileOk,
          params: IdParams,
          querystring: Type.Object({
            asZip: Type.Optional(Type.String({ maxLength: 8 })),
            name: Type.Optional(Type.String({ maxLength: 1024 })),
          }),
        },
      },
      async (request, reply) => {
        const zip = truthy(request.query.asZip);
        const d = await downloadAttachment(deps, ctx(request), request.params.id, {
          zip,
          name: request.query.name,
        });
        return sendDownload(reply, d, zip);
      },
    );
  };
