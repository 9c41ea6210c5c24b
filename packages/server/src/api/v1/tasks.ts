/**
 * v1 task routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TaskBodyV1, TaskOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { createTasks } from '../../domain/tasks/create-tasks.js';
import { deleteTask } from '../../domain/tasks/delete-task.js';
import { getTask, tasksOfCase } from '../../domain/tasks/read-tasks.js';
import { markTaskAction, taskActions } from '../../domain/tasks/task-actions.js';
import { bulkUpdateTasks, updateTask } from '../../domain/tasks/update-task.js';
import { taskV1 } from '../presenters/task.js';
import { ctx } from '../request-context.js';
import { bulkThroughShares } from '../share-writes.js';
import { CaseIdParams, IdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const tasksRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/task',
      { schema: { response: created(TaskOutputV1), params: CaseIdParams, body: TaskBodyV1 } },
      async (request, reply) => {
        const [task] = await createTasks(deps, ctx(request), request.params.caseId, [request.body]);
        return reply.status(201).send(taskV1(task!));
      },
    );
    // TheHive 4: POST /api/v1/task with the case id in the body.
    app.post(
      '/task',
      {
        schema: {
          response: created(TaskOutputV1),
          body: Type.Evaluate(
            Type.Intersect([TaskBodyV1, Type.Object({ caseId: Type.String({ minLength: 1 }) })]),
          ),
        },
      },
      async (request, reply) => {
        const { caseId, ...task } = request.body;
        const [created] = await createTasks(deps, ctx(request), caseId, [task]);
        return reply.status(201).send(taskV1(created!));
      },
    );
    app.get(
      '/case/:caseId/task',
      { schema: { response: ok(list(TaskOutputV1)), params: CaseIdParams } },
      async (request) => (await tasksOfCase(deps, ctx(request), request.params.caseId)).map((t) => taskV1(t)),
    );
    app.get('/task/:id', { schema: { response: ok(TaskOutputV1), params: IdParams } }, async (request) =>
      taskV1(await getTask(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/task/_bulk',
      {
        schema: {
          response: NoContent,
          body: Type.Evaluate(
            Type.Intersect([
              TaskBodyV1,
              Type.Object({ ids: Type.Array(Type.String(), { minItems: 1, maxItems: 1000 }) }),
            ]),
          ),
        },
      },
      async (request, reply) => {
        const { ids, ...fields } = request.body;
        await bulkThroughShares(deps, request, 'task', ids, (c, part, d) =>
          bulkUpdateTasks(d, c, part, fields),
        );
        return reply.status(204).send();
      },
    );
    app.patch(
      '/task/:id',
      { schema: { response: NoContent, params: IdParams, body: TaskBodyV1 } },
      async (request, reply) => {
        await updateTask(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.get(
      '/task/:id/actionRequired',
      {
        schema: {
          params: IdParams,
          response: ok(
            Type.Record(Type.String(), Type.Boolean(), {
              description: 'per organisation (owner, and those the task is shared with): action awaited',
            }),
          ),
        },
      },
      async (request) => taskActions(deps, ctx(request), request.params.id),
    );
    for (const [verb, required] of [
      ['actionRequired', true],
      ['actionDone', false],
    ] as const)
      app.put(
        `/task/:id/${verb}/:organisation`,
        {
          schema: {
            response: NoContent,
            params: Type.Object({
              id: Type.String({ minLength: 1, maxLength: 64 }),
              organisation: Type.String({ minLength: 1, maxLength: 128 }),
            }),
          },
        },
        async (request, reply) => {
          await markTaskAction(deps, ctx(request), request.params.id, request.params.organisation, required);
          return reply.status(204).send();
        },
      );
    app.delete('/task/:id', { schema: { response: NoContent, params: IdParams } }, async (request, reply) => {
      await deleteTask(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
  };
