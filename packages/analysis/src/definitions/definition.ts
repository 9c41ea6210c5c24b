/**
 * A worker definition (Cortex's "flavor"): the JSON file beside an analyzer or responder program,
 * or a built-in analyzer of Propolis. Its id is `name_version` with dots turned into underscores.
 */
import type { BuiltinWorker } from '../builtin/builtin.js';

export type WorkerType = 'analyzer' | 'responder';

export interface ConfigurationItem {
  name: string;
  description: string;
  /** `password`: a string that is never shown back (a Propolis addition; Cortex has string only). */
  type: 'string' | 'text' | 'number' | 'boolean' | 'password';
  multi: boolean;
  required: boolean;
  defaultValue?: unknown;
}

export interface WorkerDefinition {
  id: string;
  type: WorkerType;
  name: string;
  version: string;
  description: string;
  author: string;
  url: string;
  license: string;
  dataTypeList: string[];
  baseConfig?: string;
  configurationItems: ConfigurationItem[];
  /** Merged under the organisation's configuration in the job's `config`. */
  config: Record<string, unknown>;
  dockerImage?: string;
  /** Absolute path of the program (process runner). */
  command?: string;
  /** The folder the program runs in: the definitions root (the command's grandparent), as Cortex. */
  root?: string;
  /** How it runs (from `command` or `dockerImage` and analysis.runners); built-ins have none. */
  runner?: 'process' | 'docker';
  /** A built-in TypeScript worker (no process). */
  builtin?: BuiltinWorker;
}

export const definitionId = (name: string, version: string): string =>
  `${name}_${version}`.replace(/\./g, '_');

const ITEM_TYPES = new Set(['string', 'text', 'number', 'boolean', 'password']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a definition's JSON; returns the reason it is refused, or the definition without its program. */
export function parseDefinition(
  json: unknown,
  type: WorkerType,
): { definition: Omit<WorkerDefinition, 'command' | 'root'> & { commandPath?: string } } | { error: string } {
  if (!isObject(json)) return { error: 'a definition must be a JSON object' };
  for (const key of ['name', 'version', 'description', 'author', 'url', 'license'] as const) {
    if (typeof json[key] !== 'string') return { error: `${key}: must be a string` };
  }
  const name = json.name as string;
  if (/[\s/\\]|\.\./.test(name)) return { error: `name: "${name}" must not contain spaces, slashes or ".."` };
  const dataTypeList = json.dataTypeList ?? [];
  if (!Array.isArray(dataTypeList) || dataTypeList.some((d) => typeof d !== 'string'))
    return { error: 'dataTypeList: must be a list of strings' };
  const items: ConfigurationItem[] = [];
  for (const [i, raw] of ((json.configurationItems as unknown[]) ?? []).entries()) {
    if (!isObject(raw) || typeof raw.name !== 'string' || !ITEM_TYPES.has(String(raw.type)))
      return {
        error: `configurationItems[${i}]: needs a name and a type (string, text, number, boolean, password)`,
      };
    items.push({
      name: raw.name,
      description: typeof raw.description === 'string' ? raw.description : '',
      type: raw.type as ConfigurationItem['type'],
      multi: raw.multi === true,
      required: raw.required === true,
      ...(raw.defaultValue !== undefined ? { defaultValue: raw.defaultValue } : {}),
    });
  }
  if (json.config !== undefined && !isObject(json.config)) return { error: 'config: must be an object' };
  return {
    definition: {
      id: definitionId(name, json.version as string),
      type,
      name,
      version: json.version as string,
      description: json.description as string,
      author: json.author as string,
      url: json.url as string,
      license: json.license as string,
      dataTypeList: dataTypeList as string[],
      ...(typeof json.baseConfig === 'string' ? { baseConfig: json.baseConfig } : {}),
      configurationItems: items,
      config: (json.config as Record<string, unknown>) ?? {},
      ...(typeof json.dockerImage === 'string' ? { dockerImage: json.dockerImage } : {}),
      ...(typeof json.command === 'string' ? { commandPath: json.command } : {}),
    },
  };
}
