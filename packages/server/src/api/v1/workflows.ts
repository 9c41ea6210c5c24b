/**
 * Workflows (issue 16), platform administration: GET /workflow (rules with their figures),
 * POST /workflow (a new rule), PUT|DELETE /workflow/{name} (rules made through the API), and
 * POST /workflow/{name}/dry-run (what a rule would have done on recent events, doing nothing).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowBody, WorkflowDryRunBody, WorkflowDryRunOutput, WorkflowOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { dryRunWorkflow, listWorkflows } from '../../domain/workflows/read-workflows.js';
import { createWorkflow, deleteWorkflow, replaceWorkflow } from '../../domain/workflows/write-workflows.js';
import { ctx } from '../request-context.js';
import { created, NoContent, ok } from '../shared/responses.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
export const workflowsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/workflow', { schema: { response: ok(Type.Array(WorkflowOutput)) } }, async (request) =>
      listWorkflows(deps, ctx(request)),
    );
    app.post(
      '/workflow',
      { schema: { body: WorkflowBody, response: created(WorkflowOutput) } },
      async (request, reply) =>
        reply.status(201).send(await createWorkflow(deps, ctx(request), request.body)),
    );
    app.put(
      '/workflow/:name',
      { schema: { params: NameParams, body: WorkflowBody, response: ok(WorkflowOutput) } },
      async (request) => replaceWorkflow(deps, ctx(request), request.params.name, request.body),
    );
    app.delete(
      '/workflow/:name',
      { schema: { params: NameParams, response: NoContent } },
      async (request, reply) => {
        await deleteWorkflow(deps, ctx(request), request.params.name);
        return reply.status(204).send();
      },
    );
    app.post(
      '/workflow/:name/dry-run',
      {
        schema: {
          params: NameParams,
          body: Type.Optional(WorkflowDryRunBody),
          response: ok(WorkflowDryRunOutput),
        },
      },
      async (request) => dryRunWorkflow(deps, ctx(request), request.params.name, request.body?.limit ?? 1000),
    );
  };
