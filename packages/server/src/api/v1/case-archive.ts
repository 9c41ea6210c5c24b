/**
 * v1 case export and import (TheHive 5, docs/case-export.md): `GET /case/{id}/export?password=`
 * answers the AES-256 zip; `POST /case/import` takes it back (multipart `_json` and `file`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, CaseImportBody, CaseOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import { exportCase } from '../../domain/cases/export-case.js';
import { importCase } from '../../domain/cases/import-case.js';
import type { Deps } from '../../domain/deps.js';
import { checkBody } from '../body.js';
import { sendDownload } from '../download.js';
import { isMultipartRequest, readMultipart } from '../multipart.js';
import { renderCasesV1 } from '../presenters/case-render.js';
import { ctx } from '../request-context.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { IdParams } from '../shared/params.js';
import { created, FileOk } from '../shared/responses.js';

export const caseArchiveRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/case/:id/export',
      {
        schema: {
          params: IdParams,
          querystring: Type.Object({ password: Type.Optional(Type.String({ maxLength: 1024 })) }),
          response: FileOk,
        },
      },
      async (request, reply) => {
        const out = await exportCase(deps, ctx(request), request.params.id, request.query.password);
        return sendDownload(reply, { ...out, contentType: 'application/zip' }, true);
      },
    );
    app.post(
      '/case/import',
      { schema: { body: jsonOrMultipartBody(CaseImportBody, ['file']), response: created(CaseOutputV1) } },
      async (request, reply) => {
        if (!isMultipartRequest(request))
          throw badRequest(
            'Send the archive as multipart/form-data: a "_json" part ({"password": ...}) and a "file" part',
          );
        const c = ctx(request);
        const body = await readMultipart(request);
        const json = checkBody<CaseImportBody>(request, CaseImportBody, body.json ?? {});
        const file =
          body.files.find((f) => f.field === 'file') ?? body.files.find((f) => f.field !== '_json');
        const view = await importCase(deps, c, file?.bytes, json);
        const [out] = await renderCasesV1(deps, c, [view]);
        return reply.status(201).send(out!);
      },
    );
  };
