/**
 * What the workflows need from an analysis engine, without the server depending on one: the
 * analysis package (packages/analysis) implements this port and hands it to the server as part of
 * its extension (`PropolisExtension.analysisPort`). A server without the engine has no port, and a
 * workflow action that needs it fails with a message saying so.
 */
import type { RequestContext } from '../context.js';

export interface AnalysisTarget {
  /** `~id` of an observable of the workflow's case or alert. */
  id: string;
  dataType: string;
}

export interface AnalysisRunSummary {
  /** Jobs queued (or answered from the cache). */
  queued: number;
  /** `<analyzer> on <observable>: <reason>` for each run that was not made. */
  skipped: string[];
}

export interface AnalysisPort {
  /**
   * Runs each named analyzer (an enabled analyzer of the caller's organisation, by name or id) on
   * each observable whose data type it accepts, as `ctx`. An analyzer the organisation has not
   * enabled is an error; an observable of a type an analyzer does not accept is skipped.
   */
  runAnalyzers(
    ctx: RequestContext,
    request: { analyzers: string[]; observables: AnalysisTarget[] },
  ): Promise<AnalysisRunSummary>;
}
