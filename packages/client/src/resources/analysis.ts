/**
 * Analysis through TheHive's Cortex connector (`/api/v1/connector/cortex/...`): the analyzers and
 * responders the organisation may use, analyzer jobs on observables, responder actions on cases,
 * tasks, logs, alerts and observables.
 */
import type { ConnectorActionBody, ConnectorJob, ConnectorJobBody, ConnectorWorker } from '@propolis/core';
import type { Filter } from '../filter.js';
import { sleep } from '../retry.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg } from './resource.js';

const C = '/api/v1/connector/cortex';

/** A job or action as the connector shows it: its status, report when done, and more. */
export type AnalysisJob = ConnectorJob & Record<string, unknown>;
export type AnalysisWorker = ConnectorWorker & Record<string, unknown>;

export type ResponderTarget =
  | 'case'
  | 'case_task'
  | 'case_task_log'
  | 'alert'
  | 'case_artifact'
  | (string & {});

export class AnalysisResource extends Resource {
  analyzers(options: CallOptions = {}): Promise<AnalysisWorker[]> {
    return this.t.json({ method: 'GET', path: `${C}/analyzer` }, options);
  }

  /** The analyzers that accept observables of `dataType`. */
  analyzersFor(dataType: string, options: CallOptions = {}): Promise<AnalysisWorker[]> {
    return this.t.json({ method: 'GET', path: `${C}/analyzer/type/${seg(dataType)}` }, options);
  }

  analyzer(idOrName: string, options: CallOptions = {}): Promise<AnalysisWorker> {
    return this.t.json({ method: 'GET', path: `${C}/analyzer/${seg(idOrName)}` }, options);
  }

  /** Runs an analyzer on an observable (`artifactId`); answers the job, usually still running. */
  runAnalyzer(job: ConnectorJobBody, options: CallOptions = {}): Promise<AnalysisJob> {
    return this.t.json({ method: 'POST', path: `${C}/job`, json: job }, options);
  }

  runAnalyzers(jobs: ConnectorJobBody[], options: CallOptions = {}): Promise<AnalysisJob[]> {
    return this.t.json({ method: 'POST', path: `${C}/job/_bulk`, json: { jobs } }, options);
  }

  job(id: string, options: CallOptions = {}): Promise<AnalysisJob> {
    return this.t.json({ method: 'GET', path: `${C}/job/${seg(id)}` }, options);
  }

  /** Analyzer jobs matching `query` (the v0 query language, e.g. `{_parent: ...}` or a field match). */
  findJobs(query: Filter | Record<string, unknown> = {}, options: CallOptions & { range?: string } = {}) {
    const { range, ...call } = options;
    return this.t.json<AnalysisJob[]>(
      {
        method: 'POST',
        path: `${C}/job/_search`,
        json: { query, ...(range ? { range } : {}) },
        idempotent: true,
      },
      call,
    );
  }

  /** The responders that may act on this object. */
  respondersFor(
    objectType: ResponderTarget,
    objectId: string,
    options: CallOptions = {},
  ): Promise<AnalysisWorker[]> {
    return this.t.json(
      { method: 'GET', path: `${C}/responder/${seg(objectType)}/${seg(objectId)}` },
      options,
    );
  }

  /** Runs a responder on an object; answers the action. */
  runResponder(action: ConnectorActionBody, options: CallOptions = {}): Promise<AnalysisJob> {
    return this.t.json({ method: 'POST', path: `${C}/action`, json: action }, options);
  }

  /** The responder actions run on this object. */
  actionsOf(
    objectType: ResponderTarget,
    objectId: string,
    options: CallOptions = {},
  ): Promise<AnalysisJob[]> {
    return this.t.json({ method: 'GET', path: `${C}/action/${seg(objectType)}/${seg(objectId)}` }, options);
  }

  /** Responder actions matching `query` (the v0 query language). */
  findActions(query: Filter | Record<string, unknown> = {}, options: CallOptions & { range?: string } = {}) {
    const { range, ...call } = options;
    return this.t.json<AnalysisJob[]>(
      {
        method: 'POST',
        path: `${C}/action/_search`,
        json: { query, ...(range ? { range } : {}) },
        idempotent: true,
      },
      call,
    );
  }

  action(id: string, options: CallOptions = {}): Promise<AnalysisJob> {
    return this.t.json({ method: 'GET', path: `${C}/action/${seg(id)}` }, options);
  }

  /**
   * Waits until the job is done (Success or Failure), reading it every `intervalMs` (default 500);
   * stop waiting with `signal`.
   */
  async waitForJob(id: string, options: CallOptions & { intervalMs?: number } = {}): Promise<AnalysisJob> {
    const { intervalMs = 500, ...call } = options;
    for (;;) {
      const job = await this.job(id, call);
      if (job.status !== 'Waiting' && job.status !== 'InProgress') return job;
      await sleep(intervalMs, call.signal);
    }
  }
}
