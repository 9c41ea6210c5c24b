/**
 * At start, the workflows of the configuration file are written to the `workflow` table; a new one
 * starts reading the audit outbox after its newest row (rules apply to what happens from then on;
 * a dry run shows what they would have done before). Workflows the file no longer lists are removed.
 */
import { lastAuditId } from '../../db/repositories/audit-feed.js';
import { deleteWorkflowsNotIn, upsertWorkflowRow } from '../../db/repositories/workflows.js';
import type { Deps } from '../deps.js';
import { parseWorkflow } from './workflow-definition.js';

export async function syncConfigWorkflows(deps: Pick<Deps, 'db'>, raw: readonly unknown[]): Promise<void> {
  const names: string[] = [];
  const defs = raw.map((item, i) => {
    const def = parseWorkflow(item, `workflows[${i}]`);
    if (names.includes(def.name)) throw new Error(`workflows[${i}].name: ${def.name} is defined twice`);
    names.push(def.name);
    return { name: def.name, text: JSON.stringify(item) };
  });
  const start = await lastAuditId(deps.db);
  const now = Date.now();
  for (const def of defs) await upsertWorkflowRow(deps.db, def.name, def.text, start, now);
  await deleteWorkflowsNotIn(deps.db, names);
}
