/**
 * Runs the workflows inside `propolis serve`, next to the feeders: every reconciliation it takes or
 * renews each enabled workflow's lease (one node at a time, as feeders), reads the audit outbox
 * after the workflow's cursor, and for each matching event performs the actions. The cursor moves
 * after each batch; an action that fails is counted and recorded (last error) and the workflow goes
 * on with the next event, so that one bad event cannot stop a rule.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { matchesFilter } from '@propolis/core';
import { errorMessage } from '@propolis/feeder';
import { auditsAfter } from '../db/repositories/audit-feed.js';
import { organisationByName } from '../db/repositories/organisations.js';
import {
  acquireWorkflowLease,
  listWorkflowRows,
  recordWorkflowProgress,
  releaseWorkflowLease,
  type WorkflowRow,
} from '../db/repositories/workflows.js';
import type { Deps } from '../domain/deps.js';
import type { AnalysisPort } from '../domain/workflows/analysis-port.js';
import { workflowOf } from '../domain/workflows/read-workflows.js';
import {
  type CallWebhook,
  runWorkflowActions,
  type WebhookCall,
} from '../domain/workflows/run-workflow-actions.js';
import { eventsOf } from '../domain/workflows/workflow-events.js';
import { loadSubject } from '../domain/workflows/workflow-subject.js';

const BATCH = 500;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** The workflows' HTTP calls: JSON, a timeout, a non-2xx answer is a failure. */
export const fetchWebhook: CallWebhook = async (call: WebhookCall) => {
  const response = await fetch(call.url, {
    method: call.method,
    headers: { 'content-type': 'application/json', ...call.headers },
    body: call.body,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`${call.method} ${call.url} answered ${response.status}`);
};

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

export class WorkflowService {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}:wf`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly held = new Set<string>();

  constructor(
    private readonly deps: Deps,
    private readonly log: Log,
    private readonly options: {
      reconcileMs: number;
      leaseMs: number;
      callWebhook?: CallWebhook;
      /** The analysis engine's port, when an extension provides one (the runAnalyzers action). */
      analysis?: () => AnalysisPort | undefined;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.reconcileMs);
    this.timer.unref();
    void this.tick();
  }

  /** One pass over every workflow now. */
  tick(): Promise<void> {
    if (!this.running)
      this.running = this.pass()
        .catch((error) => this.log('warn', `workflows: ${errorMessage(error)}`))
        .finally(() => {
          this.running = undefined;
        });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const row of await listWorkflowRows(this.deps.db)) {
      if (this.stopped) return;
      const now = Date.now();
      let enabled = false;
      try {
        enabled = workflowOf(row).enabled;
      } catch {
        // a definition that no longer parses (checked at start) is left alone
      }
      if (!enabled) continue;
      if (
        !(await acquireWorkflowLease(this.deps.db, row.name, this.owner, now, now + this.options.leaseMs))
      ) {
        this.held.delete(row.name);
        continue;
      }
      this.held.add(row.name);
      await this.runOne(row);
    }
  }

  private async runOne(row: WorkflowRow): Promise<void> {
    const def = workflowOf(row);
    const org = await organisationByName(this.deps.db, def.organisation);
    const rows = await auditsAfter(this.deps.db, row.cursor, BATCH);
    if (rows.length === 0) return;
    const cursor = rows[rows.length - 1]!.id;
    let matched = 0;
    let failed = 0;
    let lastError: string | undefined;
    if (org) {
      const scope = { organisationId: org.id, platformAdmin: false };
      const mine = rows.filter((r) => r.organisation_id === org.id);
      for (const event of eventsOf(mine)) {
        if (event.event !== def.event) continue;
        try {
          const subject = await loadSubject(this.deps, scope, event.objectType, event.objectId);
          if (!subject || (def.filter && !matchesFilter(def.filter, subject))) continue;
          matched += 1;
          await runWorkflowActions(
            this.deps,
            def,
            org,
            event,
            subject,
            this.options.callWebhook ?? fetchWebhook,
            this.options.analysis?.(),
          );
        } catch (error) {
          failed += 1;
          lastError = `event ${event.auditId} (${event.event} ${event.objectId}): ${errorMessage(error)}`;
          this.log('warn', `workflow ${def.name}: ${lastError}`);
        }
      }
    }
    await recordWorkflowProgress(this.deps.db, row.name, {
      cursor,
      matched,
      failed,
      error: lastError,
      now: Date.now(),
      owner: this.owner,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    for (const name of this.held) await releaseWorkflowLease(this.deps.db, name, this.owner).catch(() => {});
    this.held.clear();
  }
}
