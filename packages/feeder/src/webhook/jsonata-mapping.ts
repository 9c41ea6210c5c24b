/**
 * The generic webhook's mapping: a JSONata expression evaluated on the request body, giving one
 * alert (an object) or several (an array) with TheHive v1 alert fields — `title`, `sourceRef`
 * (required: it deduplicates), `description`, `severity`, `tags`, `date`, `type`, `source`,
 * `observables: [{dataType, data, tags, message, ioc}]` … The feeder's alert defaults fill the rest.
 */
import jsonata from 'jsonata';
import type { AlertDraft, ObservableDraft } from '../alert-draft.js';
import { dedupObservables } from '../alert-draft.js';
import type { AlertDefaults } from '../feeder-definition.js';

export class MappingError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface CompiledMapping {
  apply(body: unknown): Promise<AlertDraft[]>;
}

/** Compiles the expression once; a syntax error is reported when the feeder is configured. */
export function compileMapping(
  expression: string,
  defaults: AlertDefaults,
  options: { nothingIsNoAlert?: boolean } = {},
): CompiledMapping {
  let compiled: ReturnType<typeof jsonata>;
  try {
    compiled = jsonata(expression);
  } catch (error) {
    const e = error as { message?: string; position?: number };
    throw new MappingError(
      `the mapping is not valid JSONata: ${e.message ?? String(error)}${e.position !== undefined ? ` (at ${e.position})` : ''}`,
    );
  }
  return {
    async apply(body) {
      let result: unknown;
      try {
        result = await compiled.evaluate(body);
      } catch (error) {
        throw new MappingError(
          `the mapping failed: ${(error as { message?: string }).message ?? String(error)}`,
        );
      }
      if (result === undefined) {
        // Streams (syslog) filter with the mapping itself: nothing means no alert for this one.
        if (options.nothingIsNoAlert) return [];
        throw new MappingError('the mapping gave nothing for this body');
      }
      // JSONata sequences are arrays with extra markers: copy them into plain arrays.
      const items = Array.isArray(result) ? Array.from(result as unknown[]) : [result];
      return items.map((item, i) => toDraft(item, defaults, items.length > 1 ? `[${i}]` : ''));
    },
  };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function toDraft(item: unknown, defaults: AlertDefaults, where: string): AlertDraft {
  if (!isObj(item)) throw new MappingError(`the mapping${where} must give an object, got ${typeof item}`);
  const title = str(item.title);
  if (!title) throw new MappingError(`the mapping${where} gave no title`);
  const sourceRef = str(item.sourceRef);
  if (!sourceRef) throw new MappingError(`the mapping${where} gave no sourceRef (it deduplicates alerts)`);
  const number = (k: string, fallback?: number) => {
    const v = item[k];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number')
      throw new MappingError(`the mapping${where} gave a ${typeof v} for ${k}, a number is required`);
    return v;
  };
  const tags =
    item.tags === undefined
      ? []
      : [item.tags]
          .flat()
          .map(str)
          .filter((t): t is string => !!t);
  const observables: ObservableDraft[] = [];
  const rawObservables = item.observables === undefined ? [] : [item.observables].flat();
  for (const [i, o] of rawObservables.entries()) {
    if (!isObj(o)) throw new MappingError(`the mapping${where} observables[${i}] must be an object`);
    const dataType = str(o.dataType);
    const data = str(o.data);
    if (!dataType || data === undefined)
      throw new MappingError(`the mapping${where} observables[${i}] needs dataType and data`);
    if (data === '') continue;
    observables.push({
      dataType,
      data,
      message: str(o.message),
      tags:
        o.tags === undefined
          ? undefined
          : [o.tags]
              .flat()
              .map(str)
              .filter((t): t is string => !!t),
      ioc: o.ioc === true,
      tlp: typeof o.tlp === 'number' ? o.tlp : undefined,
    });
  }
  const date = item.date;
  return {
    type: str(item.type) ?? defaults.type ?? 'webhook',
    source: str(item.source) ?? defaults.source ?? 'webhook',
    sourceRef,
    title,
    description: str(item.description) ?? '',
    severity: number('severity', defaults.severity),
    tlp: number('tlp', defaults.tlp),
    pap: number('pap', defaults.pap),
    tags: [...new Set([...(defaults.tags ?? []), ...tags])],
    date:
      typeof date === 'number'
        ? date
        : typeof date === 'string' && Number.isFinite(Date.parse(date))
          ? Date.parse(date)
          : undefined,
    externalLink: str(item.externalLink),
    caseTemplate: str(item.caseTemplate) ?? defaults.caseTemplate,
    observables: dedupObservables(observables),
  };
}

/** Evaluates a JSONata expression on `data` (workflow webhook bodies); errors are MappingErrors. */
export async function evaluateExpression(expression: string, data: unknown): Promise<unknown> {
  try {
    const result = await jsonata(expression).evaluate(data);
    return Array.isArray(result) ? Array.from(result as unknown[]) : result;
  } catch (error) {
    throw new MappingError(
      `the expression failed: ${(error as { message?: string }).message ?? String(error)}`,
    );
  }
}
