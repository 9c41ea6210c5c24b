/**
 * Discovers worker definitions as Cortex does from `analyzer.urls` / `responder.urls` entries that are
 * local: a folder (every sub-folder's `*.json`, one definition or a list per file) or one JSON file.
 * A definition is kept only when a configured runner can run it, the first able one in the order of
 * `runners` (or the one `workerRunners` names for it): `process` needs a `command` inside the root
 * that exists, `docker` a `dockerImage`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDefinition, type WorkerDefinition, type WorkerType } from './definition.js';

export interface LoadResult {
  definitions: WorkerDefinition[];
  /** One line per refused file or definition, for the log. */
  problems: string[];
}

function jsonFilesOf(root: string): string[] {
  const stat = statSync(root, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [root];
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.json')) files.push(path.join(dir, f));
  }
  return files;
}

export interface RunnerChoice {
  runners: readonly string[];
  workerRunners: Readonly<Record<string, string>>;
}

export function loadDefinitions(
  paths: readonly string[],
  type: WorkerType,
  choice: RunnerChoice = { runners: ['process'], workerRunners: {} },
): LoadResult {
  const definitions = new Map<string, WorkerDefinition>();
  const problems: string[] = [];
  for (const entry of paths) {
    const stat = statSync(entry, { throwIfNoEntry: false });
    if (!stat) {
      problems.push(`${entry}: does not exist`);
      continue;
    }
    const root = stat.isFile() ? path.dirname(path.dirname(entry)) : entry;
    for (const file of jsonFilesOf(entry)) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        problems.push(`${file}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      for (const item of Array.isArray(json) ? json : [json]) {
        const parsed = parseDefinition(item, type);
        if ('error' in parsed) {
          // package manifests and other JSON files sit beside definitions: only report real attempts
          if (item && typeof item === 'object' && 'name' in item && 'version' in item)
            problems.push(`${file}: ${parsed.error}`);
          continue;
        }
        const { commandPath, ...definition } = parsed.definition;
        const forced = choice.workerRunners[definition.id] ?? choice.workerRunners[definition.name];
        const candidates = forced ? [forced] : choice.runners;
        const refusals: string[] = [];
        let chosen: WorkerDefinition | undefined;
        for (const runner of candidates) {
          if (runner === 'docker') {
            if (definition.dockerImage) {
              chosen = { ...definition, runner: 'docker', root };
              break;
            }
            refusals.push('docker: it names no dockerImage');
            continue;
          }
          if (!commandPath) {
            refusals.push('process: it names no command');
            continue;
          }
          const command = path.resolve(root, commandPath);
          if (!command.startsWith(root + path.sep)) {
            refusals.push(`process: command ${commandPath} leaves the definitions folder`);
            continue;
          }
          if (!existsSync(command)) {
            refusals.push(`process: command ${command} does not exist`);
            continue;
          }
          chosen = { ...definition, runner: 'process', command, root };
          break;
        }
        if (!chosen) {
          problems.push(
            `${file}: ${definition.id} cannot run here (runners ${candidates.join(', ')}): ${refusals.join('; ')}`,
          );
          continue;
        }
        definitions.set(definition.id, chosen);
      }
    }
  }
  return { definitions: [...definitions.values()], problems };
}
