/**
 * v1 task log routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LogOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { createLog } from '../../domain/logs/create-log.js';
import { logsOfTask } from '../../domain/logs/read-logs.js';
import { deleteLog, getLog, removeLogAttachment, updateLog } from '../../domain/logs/update-log.js';
import { logV1 } from '../presenters/log.js';
import { ctx } from '../request-context.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { LogBody, readLogRequest } from '../shared/log-request.js';
import { IdParams, TaskIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const logsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/task/:taskId/log',
      {
        schema: {
          body: jsonOrMultipartBody(LogBody, ['attachments']),
          response: created(LogOutputV1),
          params: TaskIdParams,
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const { input, files } = await readLogRequest(request);
        const view = await createLog(deps, c, request.params.taskId, input, files);
        return reply.status(201).send(logV1(view.log, view.attachments));
      },
    );
    app.get(
      '/task/:taskId/log',
      { schema: { response: ok(list(LogOutputV1)), params: TaskIdParams } },
      async (request) =>
        (await logsOfTask(deps, ctx(request), request.params.taskId)).map((v) => logV1(v.log, v.attachments)),
    );
    app.get('/log/:id', { schema: { response: ok(LogOutputV1), params: IdParams } }, async (request) => {
      const v = await getLog(deps, ctx(request), request.params.id);
      return logV1(v.log, v.attachments);
    });
    app.patch(
      '/log/:id',
      { schema: { response: NoContent, params: IdParams, body: Type.Partial(LogBody) } },
      async (request, reply) => {
        await updateLog(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete('/log/:id', { schema: { response: NoContent, params: IdParams } }, async (request, reply) => {
      await deleteLog(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
    app.delete(
      '/log/:id/attachments/:attachmentId',
      {
        schema: {
          response: NoContent,
          params: Type.Object({ id: Type.String(), attachmentId: Type.String() }),
        },
      },
      async (request, reply) => {
        await removeLogAttachment(deps, ctx(request), request.params.id, request.params.attachmentId);
        return reply.status(204).send();
      },
    );
  };
