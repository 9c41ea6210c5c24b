/**
 * v1 ATT&CK patterns (TheHive 5): the catalog import from a STIX 2.1 bundle (JSON body, or a file
 * part of a multipart upload), one pattern, its deletion, the patterns of a case. `listPattern` / `getPattern`
 * in `/api/v1/query` list the catalog.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, PatternImportOutput, PatternOutput } from '@propolis/core';
import sjson from 'secure-json-parse';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { deletePattern } from '../../domain/patterns/delete-pattern.js';
import { importAttack } from '../../domain/patterns/import-attack.js';
import { getPattern, patternsOfCaseView } from '../../domain/patterns/read-patterns.js';
import { isMultipartRequest, readMultipart } from '../multipart.js';
import { patternV1 } from '../presenters/pattern.js';
import { ctx } from '../request-context.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { CaseIdParams, NamedIdParams } from '../shared/params.js';
import { list, NoContent, ok } from '../shared/responses.js';

/** A STIX bundle: JSON, or a file (any part name) in a multipart upload. */
const BundleBody = jsonOrMultipartBody(
  Type.Object(
    { type: Type.Literal('bundle'), objects: Type.Array(Type.Unknown()) },
    { additionalProperties: true, description: 'a STIX 2.1 bundle (MITRE ATT&CK enterprise, mobile or ICS)' },
  ),
  ['file'],
);

export const patternsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/pattern/import/attack',
      { bodyLimit: deps.config.uploadLimit, schema: { body: BundleBody, response: ok(PatternImportOutput) } },
      async (request) => {
        let bundle: unknown = request.body;
        if (isMultipartRequest(request)) {
          const body = await readMultipart(request);
          const file = body.files[0];
          if (!file) throw badRequest('file: the STIX bundle is required as a file part');
          try {
            bundle = sjson.parse(file.bytes.toString('utf8'));
          } catch {
            throw badRequest(`file: "${file.filename}" is not JSON; expected a STIX 2.1 bundle`);
          }
        }
        return importAttack(deps, ctx(request), bundle);
      },
    );
    app.get(
      '/pattern/:id',
      { schema: { params: NamedIdParams, response: ok(PatternOutput) } },
      async (request) => patternV1(await getPattern(deps, ctx(request), request.params.id)),
    );
    app.delete(
      '/pattern/:id',
      { schema: { params: NamedIdParams, response: NoContent } },
      async (request, reply) => {
        await deletePattern(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/pattern/case/:caseId',
      { schema: { params: CaseIdParams, response: ok(list(PatternOutput)) } },
      async (request) => (await patternsOfCaseView(deps, ctx(request), request.params.caseId)).map(patternV1),
    );
  };
