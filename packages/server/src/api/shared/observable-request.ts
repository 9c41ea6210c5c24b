/**
 * Observable request bodies and reading them, shared by v1 (`/api/v1/.../observable`) and v0
 * (`/api/case/.../artifact`, alert artifacts): JSON or multipart with files.
 */

import { CreateObservableBody } from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { CreateObservableInput } from '../../domain/observables/observable-input.js';
import { checkBody } from '../body.js';
import { jsonOrMultipart } from '../multipart.js';

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
