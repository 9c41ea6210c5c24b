/**
 * Observable request bodies and reading them, shared by v1 (`/api/v1/.../observable`) and v0
 * (`/api/case/.../artifact`, alert artifacts): JSON or multipart with files.
 */

import { DateMs, Int32, LongText, MAX_OBSERVABLES, OptionalNullable, Tags } from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { CreateObservableInput } from '../../domain/observables/observable-input.js';
import { checkBody } from '../body.js';
import { jsonOrMultipart } from '../multipart.js';

const AttachmentRef = Type.Union([
  Type.String({ maxLength: 255 }),
  Type.Object({
    id: Type.String({ maxLength: 128 }),
    name: Type.Optional(Type.String({ maxLength: 512 })),
    contentType: Type.Optional(Type.String({ maxLength: 255 })),
  }),
]);

/** Optional, and null accepted; routes drop nulls. */
const nullable = OptionalNullable;

/** Fields every observable input shares (v1 InputObservable; v0 artifacts use the same names). */
const ObservableFields = {
  message: nullable(LongText),
  startDate: nullable(DateMs()),
  tlp: nullable(Int32()),
  pap: nullable(Int32()),
  tags: nullable(Tags),
  ioc: nullable(Type.Boolean()),
  sighted: nullable(Type.Boolean()),
  sightedAt: nullable(DateMs()),
  ignoreSimilarity: nullable(Type.Boolean()),
};

export const CreateObservableBody = Type.Object({
  dataType: Type.String({ minLength: 1, maxLength: 64 }),
  data: nullable(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: MAX_OBSERVABLES })])),
  attachment: nullable(Type.Union([AttachmentRef, Type.Array(AttachmentRef, { maxItems: 1000 })])),
  isZip: nullable(Type.Boolean()),
  zipPassword: nullable(Type.String({ maxLength: 1024 })),
  ...ObservableFields,
});

export const UpdateObservableBody = Type.Object({
  dataType: Type.Optional(Type.String()),
  data: Type.Optional(Type.Unknown()),
  addTags: nullable(Tags),
  removeTags: nullable(Tags),
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
