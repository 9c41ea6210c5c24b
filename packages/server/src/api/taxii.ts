/**
 * TAXII 2.1 server (docs/stix-taxii.md): discovery at `/taxii2/`, one API root `/taxii2/api/`,
 * the caller's organisation's collections, their objects (paged, `added_after`, `match[...]`),
 * one object, its versions, and the manifest; POSTed envelopes on a writable collection (bounded
 * by `taxii.maxContentLength`) become alerts, answered by a status resource kept for
 * `GET {root}/status/{id}/`. Authenticated as the rest of the
 * API (API key as Bearer, HTTP Basic, session); answers in `application/taxii+json;version=2.1`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound, PropolisError } from '@propolis/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { Type } from 'typebox';
import type { RequestContext } from '../domain/context.js';
import type { Deps } from '../domain/deps.js';
import {
  dateAddedHeaders,
  envelope,
  MAX_PAGE,
  manifest,
  TAXII_MEDIA_TYPE,
  type TaxiiQuery,
  taxiiCollection,
  taxiiCollections,
  taxiiPage,
} from '../domain/intel/taxii.js';
import { readTaxiiStatus, writeTaxiiEnvelope } from '../domain/intel/taxii-write.js';
import { ctx } from './request-context.js';
import { JsonObject, ok } from './shared/responses.js';

const ROOT = '/taxii2/api/';

const CollectionParams = Type.Object({ collectionId: Type.String({ minLength: 1, maxLength: 64 }) });
const ObjectParams = Type.Object({
  collectionId: Type.String({ minLength: 1, maxLength: 64 }),
  objectId: Type.String({ minLength: 1, maxLength: 300 }),
});
const StatusParams = Type.Object({ statusId: Type.String({ minLength: 1, maxLength: 64 }) });
const Filters = Type.Object({
  added_after: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  next: Type.Optional(Type.String({ maxLength: 256 })),
  'match[id]': Type.Optional(Type.String({ maxLength: 10_000 })),
  'match[type]': Type.Optional(Type.String({ maxLength: 1000 })),
  'match[version]': Type.Optional(Type.String({ maxLength: 1000 })),
  'match[spec_version]': Type.Optional(Type.String({ maxLength: 100 })),
});

/** TAXII clients ask for the TAXII media type; JSON and wildcards are served too. */
function negotiate(request: FastifyRequest): void {
  const accept = request.headers.accept;
  if (accept && !/application\/taxii\+json|application\/json|application\/\*|\*\/\*/.test(accept))
    throw new PropolisError('NotAcceptable', `Accept: ${TAXII_MEDIA_TYPE} is what this server answers`);
}

const taxiiJson = (reply: FastifyReply, body: unknown) => reply.send(body);

function origin(deps: Deps, request: FastifyRequest): string {
  if (deps.config.publicUrl) return deps.config.publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

export const taxiiRoutes =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** The entries of one object in a collection, or a 404. */
    const objectPage = async (c: RequestContext, collectionId: string, objectId: string, q: TaxiiQuery) => {
      const page = await taxiiPage(deps, c, collectionId, q, { objectId });
      if (page.entries.length === 0)
        throw notFound(`Object ${objectId} not found in collection ${collectionId}`);
      return page;
    };
    // the media type exactly as TAXII 2.1 writes it: set after serialisation, which would rewrite
    // its parameters (version="2.1"; charset=utf-8) and trip strict clients
    app.addHook('onSend', async (_request, reply) => {
      if (reply.statusCode < 300) reply.header('content-type', TAXII_MEDIA_TYPE);
    });
    // envelopes are POSTed as application/taxii+json;version=2.1 (plain JSON is taken too)
    app.addContentTypeParser(/^application\/taxii\+json/, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(
          null,
          sjson.parse(String(body), undefined, { protoAction: 'error', constructorAction: 'error' }),
        );
      } catch (error) {
        const e = new Error(`The body is not valid JSON: ${(error as Error).message}`) as Error & {
          statusCode: number;
        };
        e.statusCode = 400;
        done(e, undefined);
      }
    });
    app.post(
      `${ROOT}collections/:collectionId/objects/`,
      {
        bodyLimit: deps.config.taxii.maxContentLength,
        schema: { params: CollectionParams, body: JsonObject, response: { 202: JsonObject } },
      },
      async (request, reply) => {
        const c = ctx(request);
        negotiate(request);
        const status = await writeTaxiiEnvelope(deps, c, request.params.collectionId, request.body);
        return reply.status(202).send(status);
      },
    );
    app.get(
      `${ROOT}status/:statusId/`,
      { schema: { params: StatusParams, response: ok(JsonObject, 'A TAXII status resource') } },
      async (request, reply) => {
        const c = ctx(request);
        negotiate(request);
        return taxiiJson(reply, await readTaxiiStatus(deps, c, request.params.statusId));
      },
    );
    app.get(
      '/taxii2/',
      { schema: { response: ok(JsonObject, 'TAXII discovery') } },
      async (request, reply) => {
        ctx(request);
        negotiate(request);
        const root = `${origin(deps, request)}${ROOT}`;
        return taxiiJson(reply, {
          title: 'Propolis TAXII 2.1',
          description: 'Indicators of the cases of your organisation',
          default: root,
          api_roots: [root],
        });
      },
    );
    app.get(ROOT, { schema: { response: ok(JsonObject, 'TAXII API root') } }, async (request, reply) => {
      ctx(request);
      negotiate(request);
      return taxiiJson(reply, {
        title: 'Propolis',
        description: 'The collections of your organisation',
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: deps.config.taxii.maxContentLength,
      });
    });
    app.get(`${ROOT}collections/`, { schema: { response: ok(JsonObject) } }, async (request, reply) => {
      const c = ctx(request);
      negotiate(request);
      return taxiiJson(reply, { collections: taxiiCollections(deps, c) });
    });
    app.get(
      `${ROOT}collections/:collectionId/`,
      { schema: { params: CollectionParams, response: ok(JsonObject) } },
      async (request, reply) => {
        const c = ctx(request);
        negotiate(request);
        return taxiiJson(reply, taxiiCollection(deps, c, request.params.collectionId));
      },
    );
    // the objects of a collection as an envelope, or their manifest: the same page, two shapes
    for (const [path, shape, description] of [
      ['objects', envelope, 'A TAXII envelope'],
      ['manifest', manifest, 'A TAXII manifest'],
    ] as const)
      app.get(
        `${ROOT}collections/:collectionId/${path}/`,
        { schema: { params: CollectionParams, querystring: Filters, response: ok(JsonObject, description) } },
        async (request, reply) => {
          const c = ctx(request);
          negotiate(request);
          const page = await taxiiPage(deps, c, request.params.collectionId, request.query);
          reply.headers(dateAddedHeaders(page));
          return taxiiJson(reply, shape(page));
        },
      );
    app.get(
      `${ROOT}collections/:collectionId/objects/:objectId/`,
      {
        schema: { params: ObjectParams, querystring: Filters, response: ok(JsonObject, 'A TAXII envelope') },
      },
      async (request, reply) => {
        const c = ctx(request);
        negotiate(request);
        const { collectionId, objectId } = request.params;
        const page = await objectPage(c, collectionId, objectId, { ...request.query, limit: MAX_PAGE });
        reply.headers(dateAddedHeaders(page));
        return taxiiJson(reply, envelope(page));
      },
    );
    app.get(
      `${ROOT}collections/:collectionId/objects/:objectId/versions/`,
      { schema: { params: ObjectParams, response: ok(JsonObject, 'TAXII versions') } },
      async (request, reply) => {
        const c = ctx(request);
        negotiate(request);
        const { collectionId, objectId } = request.params;
        const page = await objectPage(c, collectionId, objectId, { 'match[version]': 'all' });
        reply.headers(dateAddedHeaders(page));
        return taxiiJson(reply, { more: false, versions: page.entries.map((e) => e.object.modified) });
      },
    );
  };
