/**
 * The definitions this node knows: the built-in analyzers and those found in the configured folders.
 * `scan()` reads the folders again (Cortex's POST /api/analyzerdefinition/scan).
 */
import {
  BUILTIN_ANALYZERS,
  BUILTIN_RESPONDERS,
  geoIpDefinition,
  listLookupDefinition,
  yaraDefinition,
} from '../builtin/catalog.js';
import type { AnalysisConfig } from '../config.js';
import type { WorkerDefinition, WorkerType } from './definition.js';
import { loadDefinitions } from './load-definitions.js';

export class Catalog {
  private byType: Record<WorkerType, Map<string, WorkerDefinition>> = {
    analyzer: new Map(),
    responder: new Map(),
  };

  constructor(
    private readonly config: Pick<
      AnalysisConfig,
      | 'analyzerPaths'
      | 'responderPaths'
      | 'builtins'
      | 'listPaths'
      | 'geoipDatabases'
      | 'yaraRulePaths'
      | 'runners'
      | 'workerRunners'
    >,
  ) {}

  /** Reads the folders; returns the problems found (for the log). */
  scan(): string[] {
    const analyzers = loadDefinitions(this.config.analyzerPaths, 'analyzer', this.config);
    const responders = loadDefinitions(this.config.responderPaths, 'responder', this.config);
    const builtins = this.config.builtins
      ? [
          ...BUILTIN_ANALYZERS,
          listLookupDefinition(() => this.config.listPaths),
          geoIpDefinition(() => this.config.geoipDatabases),
          yaraDefinition(() => this.config.yaraRulePaths),
        ]
      : [];
    this.byType = {
      analyzer: new Map([...builtins, ...analyzers.definitions].map((d) => [d.id, d])),
      responder: new Map(
        [...(this.config.builtins ? BUILTIN_RESPONDERS : []), ...responders.definitions].map((d) => [
          d.id,
          d,
        ]),
      ),
    };
    return [...analyzers.problems, ...responders.problems];
  }

  get(type: WorkerType, id: string): WorkerDefinition | undefined {
    return this.byType[type].get(id);
  }

  list(type: WorkerType): WorkerDefinition[] {
    return [...this.byType[type].values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
