/**
 * v0 task log routes (TheHive 3/4).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LogOutputV0 } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { createLog } from '../../domain/logs/create-log.js';
import { logsOfTask } from '../../domain/logs/read-logs.js';
import { deleteLog, getLog, updateLog } from '../../domain/logs/update-log.js';
import { logV0 } from '../presenters/log.js';
import { ctx } from '../request-context.js';
import { jsonOrMultipartBody } from '../shared/bodies.js';
import { LogBody, readLogRequest } from '../shared/log-request.js';
import { IdParams, TaskIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const logsRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/task/:taskId/log',
      {
        schema: {
          body: jsonOrMultipartBody(LogBody, ['attachment']),
          response: created(LogOutputV0),
          params: TaskIdParams,
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const { input, files } = await readLogRequest(request);
        const view = await createLog(deps, c, request.params.taskId, input, files);
        return reply.status(201).send(logV0(view.log, view.attachments));
      },
    );
    app.get(
      '/case/task/:taskId/log',
      { schema: { response: ok(list(LogOutputV0)), params: TaskIdParams } },
      async (request, reply) => {
        const logs = await logsOfTask(deps, ctx(request), request.params.taskId);
        return reply
          .header('X-Total', String(logs.length))
          .send(logs.map((v) => logV0(v.log, v.attachments)));
      },
    );
    app.get(
      '/case/task/log/:id',
      { schema: { response: ok(LogOutputV0), params: IdParams } },
      async (request) => {
        const v = await getLog(deps, ctx(request), request.params.id);
        return logV0(v.log, v.attachments);
      },
    );
    app.patch(
      '/case/task/log/:id',
      { schema: { response: ok(LogOutputV0), params: IdParams, body: Type.Partial(LogBody) } },
      async (request) => {
        const v = await updateLog(deps, ctx(request), request.params.id, request.body);
        return logV0(v.log, v.attachments);
      },
    );
    app.delete(
      '/case/task/log/:id',
      { schema: { response: NoContent, params: IdParams } },
      async (request, reply) => {
        await deleteLog(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
