/**
 * v0 task routes (TheHive 3/4): `owner` for assignee; no DELETE (clients cancel instead).
 */
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { Deps } from '../../domain/deps.js';
import { createTasks } from '../../domain/tasks/create-tasks.js';
import { getTask, tasksOfCase } from '../../domain/tasks/read-tasks.js';
import { updateTask } from '../../domain/tasks/update-task.js';
import { taskV0 } from '../presenters/task.js';
import { ctx } from '../request-context.js';
import { TaskBodyV0, taskFromV0 } from '../schemas/task.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const CaseId = Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }) });

export const tasksRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/task',
      { schema: { params: CaseId, body: TaskBodyV0 } },
      async (request, reply) => {
        const [task] = await createTasks(deps, ctx(request), request.params.caseId, [
          taskFromV0(request.body),
        ]);
        return reply.status(201).send(taskV0(task!));
      },
    );
    app.post('/case/:caseId/task/_search', { schema: { params: CaseId } }, async (request, reply) => {
      const tasks = await tasksOfCase(deps, ctx(request), request.params.caseId);
      return reply.header('X-Total', String(tasks.length)).send(tasks.map(taskV0));
    });
    app.get('/case/task/:id', { schema: { params: Id } }, async (request) =>
      taskV0(await getTask(deps, ctx(request), request.params.id)),
    );
    app.patch('/case/task/:id', { schema: { params: Id, body: TaskBodyV0 } }, async (request) => {
      const c = ctx(request);
      return taskV0(await updateTask(deps, c, request.params.id, taskFromV0(request.body)));
    });
  };
