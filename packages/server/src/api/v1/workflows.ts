/**
 * Workflows (issue 16), platform administration: GET /workflow (rules with their figures) and
 * POST /workflow/{name}/dry-run (what a rule would have done on recent events, doing nothing).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { dryRunWorkflow, listWorkflows } from '../../domain/workflows/read-workflows.js';
import { ctx } from '../request-context.js';
import { ok } from '../shared/responses.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const WorkflowOutput = Type.Object({
  name: Type.String(),
  organisation: Type.String(),
  enabled: Type.Boolean(),
  event: Type.String(),
  filter: Type.Unknown(),
  actions: Type.Array(Type.String()),
  status: Type.Object({
    cursor: Type.Number(),
    matched: Type.Number(),
    failed: Type.Number(),
    lastRunAt: Nullable(Type.Number()),
    lastError: Nullable(Type.String()),
    lastErrorAt: Nullable(Type.Number()),
    runningOn: Nullable(Type.String()),
  }),
});
const DryRunBody = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) },
  { additionalProperties: false },
);
const DryRunOutput = Type.Object({
  examined: Type.Number(),
  matches: Type.Array(
    Type.Object({
      auditId: Type.Number(),
      event: Type.String(),
      objectId: Type.String(),
      title: Type.String(),
      actions: Type.Array(Type.String()),
    }),
  ),
});

export const workflowsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/workflow', { schema: { response: ok(Type.Array(WorkflowOutput)) } }, async (request) =>
      listWorkflows(deps, ctx(request)),
    );
    app.post(
      '/workflow/:name/dry-run',
      { schema: { params: NameParams, body: Type.Optional(DryRunBody), response: ok(DryRunOutput) } },
      async (request) => dryRunWorkflow(deps, ctx(request), request.params.name, request.body?.limit ?? 1000),
    );
  };
