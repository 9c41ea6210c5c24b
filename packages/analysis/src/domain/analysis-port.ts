/**
 * The engine's side of the server's analysis port (server domain/workflows/analysis-port.ts): what a
 * workflow's `runAnalyzers` action calls. Each analyzer runs, through the connector's path, on each
 * observable of an accepted data type, as the workflow's actor.
 */
import type { AnalysisPort, AnalysisRunSummary } from '@propolis/server/extension';
import type { Analysis } from './analysis.js';
import { runAnalyzerOnObservable } from './connector.js';
import { getWorker } from './workers.js';

export function analysisPort(a: Analysis): AnalysisPort {
  return {
    async runAnalyzers(ctx, { analyzers, observables }): Promise<AnalysisRunSummary> {
      let queued = 0;
      const skipped: string[] = [];
      for (const name of analyzers) {
        // an analyzer the organisation has not enabled fails the action: the rule names a wrong one
        const worker = await getWorker(a, ctx, 'analyzer', name);
        for (const o of observables) {
          const accepted = worker.definition?.dataTypeList ?? [];
          if (!accepted.includes(o.dataType)) {
            skipped.push(`${name} on ${o.id}: data type ${o.dataType} not accepted`);
            continue;
          }
          await runAnalyzerOnObservable(a, ctx, { analyzerId: worker.row.id, artifactId: o.id });
          queued++;
        }
      }
      return { queued, skipped };
    },
  };
}
