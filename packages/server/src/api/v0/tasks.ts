/**
 * v0 task routes (TheHive 3/4): `owner` for assignee; no DELETE (clients cancel instead); the tasks
 * of a case searched through the query engine.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Filter, TaskBodyV0, TaskOutputV0 } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import { createTasks } from '../../domain/tasks/create-tasks.js';
import { getTask } from '../../domain/tasks/read-tasks.js';
import { updateTask } from '../../domain/tasks/update-task.js';
import { taskV0 } from '../presenters/task.js';
import { ctx } from '../request-context.js';
import { taskFromV0 } from '../schemas/task.js';
import { CaseIdParams, IdParams } from '../shared/params.js';
import { AnyJson, created, ok } from '../shared/responses.js';
import { searchParams, searchV0 } from './search.js';

export const tasksRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/task',
      { schema: { response: created(TaskOutputV0), params: CaseIdParams, body: TaskBodyV0 } },
      async (request, reply) => {
        const [task] = await createTasks(deps, ctx(request), request.params.caseId, [
          taskFromV0(request.body),
        ]);
        return reply.status(201).send(taskV0(task!));
      },
    );
    // the tasks of that case that match the body's query (range, sort as every v0 _search)
    app.post(
      '/case/:caseId/task/_search',
      { schema: { response: ok(AnyJson), params: CaseIdParams } },
      async (request, reply) => {
        const ofCase: Filter = {
          kind: 'parent',
          type: 'case',
          filter: { kind: 'id', ids: [request.params.caseId] },
        };
        const out = await searchV0(deps, ctx(request), 'task', searchParams(request), [ofCase]);
        return reply.header('X-Total', String(out.total)).send(out.items);
      },
    );
    app.get('/case/task/:id', { schema: { response: ok(TaskOutputV0), params: IdParams } }, async (request) =>
      taskV0(await getTask(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/case/task/:id',
      { schema: { response: ok(TaskOutputV0), params: IdParams, body: TaskBodyV0 } },
      async (request) => {
        const c = ctx(request);
        return taskV0(await updateTask(deps, c, request.params.id, taskFromV0(request.body)));
      },
    );
  };
