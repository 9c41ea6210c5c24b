/**
 * Discovers worker definitions as Cortex does from `analyzer.urls` / `responder.urls` entries that are
 * local: a folder (every sub-folder's `*.json`, one definition or a list per file) or one JSON file.
 * A definition is kept only when it can run here: a `command` inside the root that exists (process
 * runner). Definitions that only name a `dockerImage` are skipped (no docker runner yet).
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

export function loadDefinitions(paths: readonly string[], type: WorkerType): LoadResult {
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
        if (!commandPath) {
          if (definition.dockerImage)
            problems.push(`${file}: ${definition.id} needs docker, which is not supported`);
          continue;
        }
        const command = path.resolve(root, commandPath);
        if (!command.startsWith(root + path.sep)) {
          problems.push(`${file}: command ${commandPath} leaves the definitions folder`);
          continue;
        }
        if (!existsSync(command)) {
          problems.push(`${file}: command ${command} does not exist`);
          continue;
        }
        definitions.set(definition.id, { ...definition, command, root });
      }
    }
  }
  return { definitions: [...definitions.values()], problems };
}
