/**
 * Defining workflows through the API (platform administrators), beside those of the configuration
 * file: create, replace, delete. A new rule reads the events written after it (a dry run shows what
 * it would have done before). The file's own rules can be changed only in the file. Each write is
 * one transaction with its audit row.
 */
import { badRequest, conflict, notFound } from '@propolis/core';
import { lastAuditId } from '../../db/repositories/audit-feed.js';
import { organisationByName } from '../../db/repositories/organisations.js';
import { deleteWorkflowRow, findWorkflowRow, upsertWorkflowRow } from '../../db/repositories/workflows.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { FEEDER_PERMISSION } from '../feeders/read-feeders.js';
import { toWorkflowView, type WorkflowView } from './read-workflows.js';
import { parseWorkflow } from './workflow-definition.js';

async function checked(deps: Deps, body: unknown) {
  let def: ReturnType<typeof parseWorkflow>;
  try {
    def = parseWorkflow(body, 'workflow');
  } catch (error) {
    throw badRequest((error as Error).message);
  }
  if (!(await organisationByName(deps.db, def.organisation)))
    throw badRequest(`workflow.organisation: no organisation is named ${def.organisation}`);
  return def;
}

async function write(deps: Deps, ctx: RequestContext, action: 'create' | 'update', body: unknown) {
  const def = await checked(deps, body);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await upsertWorkflowRow(trx, def.name, JSON.stringify(body), await lastAuditId(trx), now, 'api');
    await appendAudit(trx, ctx, [
      { action, objectType: 'Workflow', objectId: def.name, details: { definition: body } },
    ]);
  });
  return toWorkflowView((await findWorkflowRow(deps.db, def.name))!);
}

export async function createWorkflow(
  deps: Deps,
  ctx: RequestContext,
  body: { name: string },
): Promise<WorkflowView> {
  requirePermission(ctx, FEEDER_PERMISSION);
  if (await findWorkflowRow(deps.db, body.name)) throw conflict(`Workflow ${body.name} already exists`);
  return write(deps, ctx, 'create', body);
}

/** Replaces the definition of a workflow made through the API; its cursor and figures stay. */
export async function replaceWorkflow(
  deps: Deps,
  ctx: RequestContext,
  name: string,
  body: { name: string },
): Promise<WorkflowView> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const row = await findWorkflowRow(deps.db, name);
  if (!row) throw notFound(`Workflow ${name} not found`);
  if (row.origin === 'config')
    throw badRequest(`Workflow ${name} is defined in the configuration file: change it there`);
  if (body.name !== name) throw badRequest('name: a workflow cannot be renamed; create another');
  return write(deps, ctx, 'update', body);
}

export async function deleteWorkflow(deps: Deps, ctx: RequestContext, name: string): Promise<void> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const row = await findWorkflowRow(deps.db, name);
  if (!row) throw notFound(`Workflow ${name} not found`);
  if (row.origin === 'config')
    throw badRequest(`Workflow ${name} is defined in the configuration file: remove it there`);
  await inTransaction(deps, async (trx) => {
    await deleteWorkflowRow(trx, name);
    await appendAudit(trx, ctx, [{ action: 'delete', objectType: 'Workflow', objectId: name }]);
  });
}
