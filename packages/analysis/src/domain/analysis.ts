/**
 * What the analysis commands need: the platform's storage and configuration, the engine's
 * configuration, the definitions, and a way to wake the engine when a job is queued.
 */
import type { Deps } from '@propolis/server/extension';
import type { AnalysisConfig } from '../config.js';
import type { Catalog } from '../definitions/catalog.js';

export interface Analysis {
  deps: Deps;
  dialect: 'sqlite' | 'postgres';
  config: AnalysisConfig;
  catalog: Catalog;
  /** Tells the local engine that a job is waiting (other nodes find it by polling). */
  wake(): void;
  /** Resolves when the job (of any node) may have changed; used by waitreport. */
  changed(jobId: number, timeoutMs: number): Promise<void>;
}
