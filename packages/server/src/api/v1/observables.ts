/**
 * v1 observables of cases (TheHive 4/5 paths and shapes): create (JSON or multipart), read, update,
 * bulk update, delete, attachment downloads, and the cases linked to a case through observables.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
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
import type {
  CreateObservableInput,
  UpdateObservableInput,
} from '../../domain/observables/observable-input.js';
import { updateObservable } from '../../domain/observables/update-observable.js';
import { checkBody } from '../body.js';
import { sendDownload, truthy } from '../download.js';
import { jsonOrMultipart } from '../multipart.js';
import { linkedCaseV1, observableV1 } from '../presenters/observable.js';
import { ctx } from '../request-context.js';
import { DateMs, Int32 } from '../schemas/ranges.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
const CaseId = Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 255 }) });

const AttachmentRef = Type.Union([
  Type.String({ maxLength: 255 }),
  Type.Object({
    id: Type.String({ maxLength: 128 }),
    name: Type.Optional(Type.String({ maxLength: 512 })),
    contentType: Type.Optional(Type.String({ maxLength: 255 })),
  }),
]);

/** Optional, and null accepted (thehive4py 1.x sends unset attributes as null); routes drop nulls. */
const nullable = <T extends TSchema>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));

/** Fields every observable input shares (v1 InputObservable; v0 artifacts use the same names). */
const ObservableFields = {
  message: nullable(Type.String()),
  startDate: nullable(DateMs()),
  tlp: nullable(Int32()),
  pap: nullable(Int32()),
  tags: nullable(Type.Array(Type.String(), { maxItems: 1000 })),
  ioc: nullable(Type.Boolean()),
  sighted: nullable(Type.Boolean()),
  sightedAt: nullable(DateMs()),
  ignoreSimilarity: nullable(Type.Boolean()),
};

export const CreateObservableBody = Type.Object({
  dataType: Type.String({ minLength: 1, maxLength: 64 }),
  data: nullable(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 10_000 })])),
  attachment: nullable(Type.Union([AttachmentRef, Type.Array(AttachmentRef, { maxItems: 1000 })])),
  isZip: nullable(Type.Boolean()),
  zipPassword: nullable(Type.String({ maxLength: 1024 })),
  ...ObservableFields,
});

export const UpdateObservableBody = Type.Object({
  dataType: Type.Optional(Type.String()),
  data: Type.Optional(Type.Unknown()),
  addTags: nullable(Type.Array(Type.String(), { maxItems: 1000 })),
  removeTags: nullable(Type.Array(Type.String(), { maxItems: 1000 })),
  ...ObservableFields,
});

export const BulkUpdateObservableBody = Type.Object({
  ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
  ...UpdateObservableBody.properties,
});

/** Clients send `null` for fields they do not set (thehive4py 1.x); null means absent, except for message. */
export function withoutNulls(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null || k === 'message') out[k] = v;
  return out;
}

/** The create input of a JSON or multipart request; `?dataType=` fills a missing dataType (TheHive 5). */
export async function readCreateInput(request: FastifyRequest) {
  const body = await jsonOrMultipart(request);
  let json = body.json ?? {};
  const query = request.query as { dataType?: string } | undefined;
  if (json && typeof json === 'object' && !Array.isArray(json) && query?.dataType && !('dataType' in json)) {
    json = { ...json, dataType: query.dataType };
  }
  return {
    input: withoutNulls(
      checkBody<Static<typeof CreateObservableBody>>(request, CreateObservableBody, json),
    ) as CreateObservableInput,
    files: body.files,
  };
}

export const observablesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/observable',
      {
        schema: {
          params: CaseId,
          querystring: Type.Object({ dataType: Type.Optional(Type.String({ maxLength: 64 })) }),
        },
      },
      async (request, reply) => {
        const { input, files } = await readCreateInput(request);
        const result = await createObservables(deps, ctx(request), request.params.caseId, input, files);
        return reply.status(201).send(result.views.map(observableV1));
      },
    );
    app.get('/case/:caseId/links', { schema: { params: CaseId } }, async (request) => {
      const links = await getLinkedCases(deps, ctx(request), request.params.caseId);
      return links.map(linkedCaseV1);
    });
    app.patch('/observable/_bulk', { schema: { body: BulkUpdateObservableBody } }, async (request, reply) => {
      const { ids, ...fields } = withoutNulls(request.body) as UpdateObservableInput & { ids: string[] };
      await bulkUpdateObservables(deps, ctx(request), ids, fields);
      return reply.status(204).send();
    });
    app.get('/observable/:id', { schema: { params: Id } }, async (request) =>
      observableV1(await getObservable(deps, ctx(request), request.params.id, { seen: true })),
    );
    app.patch(
      '/observable/:id',
      { schema: { params: Id, body: UpdateObservableBody } },
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
    app.delete('/observable/:id', { schema: { params: Id } }, async (request, reply) => {
      await deleteObservable(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
    app.get(
      '/observable/:id/attachment/:attachmentId/download',
      {
        schema: {
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
          params: Id,
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
