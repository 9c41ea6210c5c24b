/**
 * Workflows (issue 16), platform administration: GET /workflow (rules with their figures) and
 * POST /workflow/{name}/dry-run (what a rule would have done on recent events, doing nothing).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowDryRunBody, WorkflowDryRunOutput, WorkflowOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { dryRunWorkflow, listWorkflows } from '../../domain/workflows/read-workflows.js';
import { ctx } from '../request-context.js';
import { ok } from '../shared/responses.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
export const workflowsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/workflow', { schema: { response: ok(Type.Array(WorkflowOutput)) } }, async (request) =>
      listWorkflows(deps, ctx(request)),
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
