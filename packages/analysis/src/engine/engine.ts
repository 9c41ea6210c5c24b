/**
 * The engine of one node: claims Waiting jobs from the database (the queue), runs them — a process
 * through the job-folder protocol, or a built-in function — and records their result. Several nodes
 * may share one PostgreSQL database: each claims with FOR UPDATE SKIP LOCKED, so no job runs twice.
 *
 * Concurrency: at most `concurrency` jobs at once on this node, `concurrencyPerWorker` per definition.
 * Restart safety: a running job's lease is renewed every third of its length; a job whose lease ran
 * out (its node was killed) is queued again, or failed once it has been tried `maxAttempts` times.
 * Stopping the engine stops its jobs and puts them back in the queue.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { blobStore } from '@propolis/server/extension';
import { runBuiltin } from '../builtin/builtin.js';
import {
  claimJob,
  expiredJobs,
  type JobRow,
  releaseJob,
  renewLeases,
  requeueJob,
  takeExpiredJob,
} from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import { findWorker } from '../db/workers.js';
import { jobConfig } from '../definitions/configuration.js';
import type { WorkerDefinition, WorkerType } from '../definitions/definition.js';
import type { Analysis } from '../domain/analysis.js';
import { applyOperations } from '../domain/apply-operations.js';
import { recordJobResult } from '../domain/finish-job.js';
import { followRemoteJobs } from '../domain/remote-jobs.js';
import { runDockerJob } from '../runner/docker-runner.js';
import { type ProcessLimits, runProcessJob } from '../runner/process-runner.js';
import type { InputFile, WorkerInput, WorkerResult } from '../runner/worker-io.js';
import { AutoRunner } from './auto-run.js';

interface Running {
  definitionId: string;
  abort: AbortController;
  done: Promise<void>;
}

export class AnalysisEngine {
  readonly nodeId = randomUUID();
  private readonly running = new Map<number, Running>();
  private readonly events = new EventEmitter();
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  /** The pump in flight, if any: stop() waits for it, so that nothing writes after the storage closes. */
  private pumped: Promise<void> = Promise.resolve();
  private again = false;
  private stopped = true;
  /** Lease recovery and auto-run run on the timer's ticks, not on every wake. */
  private maintenanceDue = true;
  private readonly autoRunner: AutoRunner;

  constructor(
    private readonly a: Omit<Analysis, 'wake' | 'changed'>,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {
    this.events.setMaxListeners(0);
    this.autoRunner = new AutoRunner(
      { ...a, wake: () => this.wake(), changed: (id, ms) => this.changed(id, ms) },
      (message) => log('warn', `analysis auto-run: ${message}`),
    );
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      this.renew();
      this.maintenanceDue = true;
      this.wake();
    }, this.a.config.pollMilliseconds);
    this.timer.unref();
    this.wake();
  }

  /** Runs waiting jobs now (a job was queued on this node). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.pumped = this.pump()
      .catch((error) => this.log('warn', `analysis engine: ${(error as Error).message}`))
      .finally(() => {
        this.pumping = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when a job of this node ends or after `timeoutMs`. */
  changed(jobId: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off(`job:${jobId}`, done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.events.on(`job:${jobId}`, done);
    });
  }

  get runningCount(): number {
    return this.running.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // the pump in flight first: it may still claim and launch a job
    await this.pumped;
    for (const r of this.running.values()) r.abort.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private leaseUntil(now = Date.now()) {
    return now + this.a.config.leaseSeconds * 1000;
  }

  private renew(): void {
    if (this.running.size === 0) return;
    void renewLeases(
      analysisDb(this.a.deps.db),
      this.nodeId,
      [...this.running.keys()],
      this.leaseUntil(),
    ).catch((error) =>
      this.log('warn', `analysis engine: lease renewal failed: ${(error as Error).message}`),
    );
  }

  private async pump(): Promise<void> {
    const db = analysisDb(this.a.deps.db);
    if (this.maintenanceDue) {
      this.maintenanceDue = false;
      await this.recoverExpired();
      await this.autoRunner.tick();
      await followRemoteJobs(this.a as Analysis, this.nodeId, (message) =>
        this.log('warn', `analysis: ${message}`),
      );
    }
    while (!this.stopped && this.running.size < this.a.config.concurrency) {
      const counts = new Map<string, number>();
      for (const r of this.running.values())
        counts.set(r.definitionId, (counts.get(r.definitionId) ?? 0) + 1);
      const busy = [...counts].filter(([, n]) => n >= this.a.config.concurrencyPerWorker).map(([d]) => d);
      const now = Date.now();
      const job = await claimJob(db, this.a.dialect, this.nodeId, now, this.leaseUntil(now), busy);
      if (!job) return;
      this.launch(job);
    }
  }

  private async recoverExpired(): Promise<void> {
    const db = analysisDb(this.a.deps.db);
    for (const job of await expiredJobs(db, Date.now())) {
      if (job.attempts < this.a.config.maxAttempts) {
        if (await requeueJob(db, job, Date.now()))
          this.log('warn', `analysis engine: job ${job.id} (${job.worker_name}) lost its node; queued again`);
      } else if (await takeExpiredJob(db, job, this.nodeId)) {
        await recordJobResult(
          this.a as Analysis,
          job,
          this.nodeId,
          {
            success: false,
            errorMessage: `The node running this job stopped ${job.attempts} time(s); the job is given up`,
          },
          null,
        );
        this.events.emit(`job:${job.id}`);
      }
    }
  }

  private launch(job: JobRow): void {
    const abort = new AbortController();
    const done = this.execute(job, abort.signal)
      .catch((error) =>
        this.log('warn', `analysis engine: job ${job.id} failed to record: ${(error as Error).message}`),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.events.emit(`job:${job.id}`);
        this.wake();
      });
    this.running.set(job.id, { definitionId: job.worker_definition_id, abort, done });
  }

  private async execute(job: JobRow, signal: AbortSignal): Promise<void> {
    const prepared = await this.prepare(job);
    let outcome: WorkerResult;
    if ('result' in prepared) outcome = prepared.result;
    else {
      const { definition, timeoutMs, input, file } = prepared;
      const limits: ProcessLimits = {
        timeoutMs,
        maxOutputBytes: this.a.config.maxOutputBytes,
        maxMemoryMb: this.a.config.maxMemoryMb,
        env: this.a.config.env,
        path: this.a.config.path,
        jobDirectory: this.a.config.jobDirectory,
        keepJobFolder: this.a.config.keepJobFolder,
      };
      const c = this.a.config;
      outcome = definition.builtin
        ? await runBuiltin(definition.builtin, { input, file, signal }, timeoutMs)
        : definition.runner === 'docker'
          ? await runDockerJob(
              definition,
              job.id,
              input,
              file,
              limits,
              {
                command: c.dockerCommand,
                network: c.dockerNetwork,
                user: c.dockerUser,
                cpus: c.dockerCpus,
                args: c.dockerArgs,
              },
              signal,
            )
          : await runProcessJob(definition, job.id, input, file, limits, signal);
    }
    if (signal.aborted) {
      // stopped with the node: back to the queue for the next node (or the next start)
      await releaseJob(analysisDb(this.a.deps.db), job.id, this.nodeId, Date.now());
      return;
    }
    const finished = await recordJobResult(
      this.a as Analysis,
      job,
      this.nodeId,
      outcome,
      'input' in prepared ? prepared.input : null,
    );
    if (finished && outcome.success && outcome.operations.length > 0)
      await applyOperations(this.a as Analysis, finished, outcome.operations);
  }

  /** The worker's input, or the failure that prevents running it. */
  private async prepare(
    job: JobRow,
  ): Promise<
    | { result: WorkerResult; input?: WorkerInput }
    | { input: WorkerInput; file?: InputFile; definition: WorkerDefinition; timeoutMs: number }
  > {
    const db = analysisDb(this.a.deps.db);
    const worker = await findWorker(db, job.organisation_id, job.worker_id);
    if (!worker)
      return {
        result: {
          success: false,
          errorMessage: `${job.worker_name} is no longer enabled in this organisation`,
        },
      };
    const definition = this.a.catalog.get(worker.type as WorkerType, worker.definition_id);
    if (!definition)
      return {
        result: {
          success: false,
          errorMessage: `The definition ${worker.definition_id} is not available on this node`,
        },
      };
    let configuration: Record<string, unknown> = {};
    try {
      configuration = JSON.parse(worker.configuration);
    } catch {
      // an unreadable configuration runs with the definition's own
    }
    const input: WorkerInput = {
      dataType: job.data_type,
      tlp: job.tlp,
      pap: job.pap,
      message: job.message,
      parameters: JSON.parse(job.parameters),
      config: jobConfig(definition, configuration),
    };
    let file: InputFile | undefined;
    if (job.attachment) {
      const attachment = JSON.parse(job.attachment) as { id: string; name: string; contentType: string };
      const bytes = await blobStore(this.a.deps.config).get(this.a.deps.db, attachment.id);
      if (!bytes)
        return {
          input,
          result: { success: false, errorMessage: `The file ${attachment.name} is missing from the store` },
        };
      file = { filename: attachment.name, contentType: attachment.contentType, bytes };
    } else {
      input.data = job.type === 'responder' && job.data ? JSON.parse(job.data) : job.data;
    }
    const minutes =
      worker.job_timeout ??
      (typeof configuration.jobTimeout === 'number' ? configuration.jobTimeout : undefined) ??
      this.a.config.jobTimeoutMinutes;
    return { input, file, definition, timeoutMs: Math.max(1, minutes * 60_000) };
  }
}
