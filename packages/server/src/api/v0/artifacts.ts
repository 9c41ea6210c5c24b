/**
 * v0 case artifacts (TheHive 3/4 paths and shapes): create (JSON or multipart `_json` + `attachment`),
 * read (with `nstats`), update, bulk update, delete, similar artifacts, and case links.
 * TLP arrives in TheHive 3/4 numbering (0–3) and is mapped to the domain's 0–4.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkUpdateObservableBody,
  badRequest,
  CreateObservableRequest,
  isTlpV0Input,
  LinkedCaseV0,
  ObservableOutputV0,
  tlpFromV0,
  UpdateObservableBody,
} from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { bulkUpdateObservables } from '../../domain/observables/bulk-update-observables.js';
import { createObservables } from '../../domain/observables/create-observables.js';
import { deleteObservable } from '../../domain/observables/delete-observable.js';
import { getObservable, getSimilarObservables } from '../../domain/observables/get-observable.js';
import { getLinkedCases } from '../../domain/observables/linked-cases.js';
import type { ObservableFields, UpdateObservableInput } from '../../domain/observables/observable-input.js';
import { updateObservable } from '../../domain/observables/update-observable.js';
import { truthy } from '../download.js';
import { linkedCaseV0, observableV0 } from '../presenters/observable.js';
import { ctx } from '../request-context.js';
import { bulkThroughShares } from '../share-writes.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { readCreateInput, withoutNulls } from '../shared/observable-request.js';
import { CaseIdParams, IdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

/** v0 TLP (0–3: WHITE, GREEN, AMBER, RED; 4 taken as RED) to the domain's (0–4, RED = 4). */
export function fromV0<T extends ObservableFields>(input: T): T {
  if (input.tlp === undefined || input.tlp === null) return input;
  if (!isTlpV0Input(input.tlp)) throw badRequest('tlp: must be an integer from 0 to 3');
  return { ...input, tlp: tlpFromV0(input.tlp) };
}

/** `range=a-b` (v0 paging): offset and limit, default 0-10, `all` = up to 1000. */
function parseRange(range: string | undefined): { offset: number; limit: number } {
  if (range === 'all') return { offset: 0, limit: 1000 };
  const m = /^(\d+)-(\d+)$/.exec(range ?? '');
  if (!m) return { offset: 0, limit: 10 };
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to > from ? { offset: from, limit: Math.min(to - from, 1000) } : { offset: 0, limit: 10 };
}

export const artifactsRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/artifact',
      {
        schema: {
          body: jsonOrMultipartBody(CreateObservableRequest),
          response: created(Type.Union([ObservableOutputV0, list(ObservableOutputV0)])),
          params: CaseIdParams,
        },
      },
      async (request, reply) => {
        const { input, files } = await readCreateInput(request);
        const result = await createObservables(
          deps,
          ctx(request),
          request.params.caseId,
          fromV0(input),
          files,
        );
        const rendered = result.views.map((v) => observableV0(v));
        return reply.status(201).send(result.single && rendered.length === 1 ? rendered[0]! : rendered);
      },
    );
    app.get(
      '/case/:caseId/links',
      { schema: { response: ok(list(LinkedCaseV0)), params: CaseIdParams } },
      async (request) => {
        const links = await getLinkedCases(deps, ctx(request), request.params.caseId);
        return links.map(linkedCaseV0);
      },
    );
    // Observables by id are the same whether they hang off a case or an alert (TheHive 4.0.4 paths).
    for (const parent of ['case', 'alert']) {
      app.patch(
        `/${parent}/artifact/_bulk`,
        { schema: { response: ok(list(ObservableOutputV0)), body: BulkUpdateObservableBody } },
        async (request) => {
          const { ids, ...fields } = withoutNulls(request.body) as UpdateObservableInput & { ids: string[] };
          const views = await bulkThroughShares(deps, request, 'observable', ids, (c, part, d) =>
            bulkUpdateObservables(d, c, part, { ...fields, tlpIsV0: true }),
          );
          return views.map((v) => observableV0(v));
        },
      );
      app.get(
        `/${parent}/artifact/:id`,
        {
          schema: {
            response: ok(ObservableOutputV0),
            params: IdParams,
            querystring: Type.Object({ nstats: Type.Optional(Type.String({ maxLength: 8 })) }),
          },
        },
        async (request) => {
          const stats = truthy(request.query.nstats);
          return observableV0(await getObservable(deps, ctx(request), request.params.id, { seen: stats }), {
            stats,
          });
        },
      );
      app.patch(
        `/${parent}/artifact/:id`,
        { schema: { response: ok(ObservableOutputV0), params: IdParams, body: UpdateObservableBody } },
        async (request) =>
          observableV0(
            await updateObservable(deps, ctx(request), request.params.id, {
              ...(withoutNulls(request.body) as UpdateObservableInput),
              tlpIsV0: true,
            }),
          ),
      );
      app.delete(
        `/${parent}/artifact/:id`,
        { schema: { response: NoContent, params: IdParams } },
        async (request, reply) => {
          await deleteObservable(deps, ctx(request), request.params.id);
          return reply.status(204).send();
        },
      );
    }
    app.get(
      '/case/artifact/:id/similar',
      {
        schema: {
          response: ok(list(ObservableOutputV0)),
          params: IdParams,
          querystring: Type.Object({ range: Type.Optional(Type.String({ maxLength: 32 })) }),
        },
      },
      async (request, reply) => {
        const similar = await getSimilarObservables(
          deps,
          ctx(request),
          request.params.id,
          parseRange(request.query.range),
        );
        reply.header('X-Total', String(similar.length));
        return similar.map((s) => observableV0(s, { case: s.case }));
      },
    );
  };
