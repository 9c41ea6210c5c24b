/**
 * Workflows (`/api/v1/workflow`, platform administration): rules acting on events, with their
 * figures, created, replaced and deleted through the API, and dry runs showing what a rule would have done on recent events.
 */
import type { WorkflowBody, WorkflowDryRunOutput, WorkflowOutput } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class WorkflowResource extends Resource {
  list(options: CallOptions = {}): Promise<WorkflowOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/workflow` }, options);
  }

  create(workflow: WorkflowBody, options: CallOptions = {}): Promise<WorkflowOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/workflow`, json: workflow }, options);
  }

  /** Replaces a workflow defined through the API (its name stays). */
  replace(name: string, workflow: WorkflowBody, options: CallOptions = {}): Promise<WorkflowOutput> {
    return this.t.json({ method: 'PUT', path: `${V1}/workflow/${seg(name)}`, json: workflow }, options);
  }

  delete(name: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/workflow/${seg(name)}` }, options);
  }

  /** What the rule would have done on the last `limit` events (default 1000); changes nothing. */
  dryRun(name: string, limit?: number, options: CallOptions = {}): Promise<WorkflowDryRunOutput> {
    return this.t.json(
      {
        method: 'POST',
        path: `${V1}/workflow/${seg(name)}/dry-run`,
        json: limit === undefined ? {} : { limit },
        idempotent: true,
      },
      options,
    );
  }
}
