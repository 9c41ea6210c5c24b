/**
 * The `/api/v1/query` pipeline over the entities of the query registry, compiled to SQL:
 * an initial `list<Entity>` / `get<Entity>`, then navigation steps, `filter`, `sort`, `page`,
 * `count`, `limitedCount` and `aggregation`. Each step is checked against what the previous
 * one produced; a step that does not fit answers 400 listing the steps that would.
 */
import {
  type Filter,
  PropolisError,
  parseV1AggregationStep,
  parseV1FilterStep,
  parseV1Page,
  parseV1Sort,
} from '@propolis/core';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { aggregate, type Json } from '../../query/aggregate.js';
import { entity, entityNames, findEntity } from '../../query/registry.js';
import {
  countRows,
  fetchRows,
  navigate,
  type QueryEnv,
  refine,
  type Selection,
  selectAll,
  withFilter,
} from '../../query/selection.js';
import type { EntityDef } from '../../query/types.js';
import { queryEnv } from './env.js';
import { renderRows } from './render.js';

type Step = Record<string, unknown> & { _name?: unknown };
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The most `limitedCount` counts (TheHive's query.limitedCountThreshold default). */
export const LIMITED_COUNT_THRESHOLD = 1000;

/** `list<Entity>` and `get<Entity>` names of the SQL entities. */
export function sqlInitialSteps(): string[] {
  return entityNames().flatMap((n) => [`list${cap(n)}`, `get${cap(n)}`]);
}

function initialEntity(name: string): { def: EntityDef; get: boolean } | undefined {
  const m = /^(list|get)([A-Z]\w*)$/.exec(name);
  if (!m) return undefined;
  const def = findEntity(m[2]![0]!.toLowerCase() + m[2]!.slice(1));
  return def ? { def, get: m[1] === 'get' } : undefined;
}

export function isSqlInitial(name: unknown): boolean {
  return typeof name === 'string' && initialEntity(name) !== undefined;
}

/** `~id`, or whatever the entity accepts as a name (case number, template name...). */
function idOrNameFilter(def: EntityDef, text: string): Filter {
  const id = /^~\d{1,15}$/.test(text.trim()) ? ({ kind: 'id', ids: [text.trim()] } as Filter) : undefined;
  const named = def.byName?.(text);
  if (id && named) return { kind: 'or', filters: [id, named] };
  return id ?? named ?? { kind: 'or', filters: [] };
}

const FOLLOWING = ['filter', 'sort', 'page', 'count', 'limitedCount', 'aggregation'];

function notAllowed(where: string, name: unknown, after: string, allowed: string[]): PropolisError {
  return new PropolisError(
    'BadRequest',
    `${where}: "${String(name)}" cannot follow ${after}; allowed: ${allowed.join(', ')}`,
  );
}

export interface PipelineResult {
  body: unknown;
  total?: number;
}

export async function runSqlPipeline(deps: Deps, c: RequestContext, steps: Step[]): Promise<PipelineResult> {
  const first = steps[0]!;
  const init = initialEntity(String(first._name));
  if (!init) throw new PropolisError('BadRequest', `query[0]: unknown initial step "${String(first._name)}"`);
  const env: QueryEnv = await queryEnv(deps, c);
  let sel: Selection = selectAll(init.def);
  if (init.get) {
    const idOrName = first.idOrName;
    if (typeof idOrName !== 'string' && typeof idOrName !== 'number') {
      throw new PropolisError('BadRequest', `query[0]: ${String(first._name)} needs "idOrName"`);
    }
    sel = withFilter(sel, idOrNameFilter(init.def, String(idOrName)), 'v1');
  }
  let total: number | undefined;
  let previous = String(first._name);
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i]!;
    const where = `query[${i}]`;
    const name = step._name;
    const nav = typeof name === 'string' ? sel.entity.navigation?.[name] : undefined;
    if (nav) {
      sel = navigate(sel, entity(nav.entity), nav.column, nav.sourceColumn);
    } else {
      switch (name) {
        case 'filter':
          sel = withFilter(sel, parseV1FilterStep(step, { path: where, plainLike: 'contains' }), 'v1');
          break;
        case 'sort': {
          const fields = parseV1Sort(step, { path: where });
          sel = { ...refine(sel), sort: { fields, api: 'v1' } };
          break;
        }
        case 'page': {
          const page = parseV1Page(step, { path: where });
          if (page.extraData.includes('total')) total = await countRows(env, sel);
          const base = sel.page ? { ...refine(sel), sort: sel.sort } : sel;
          sel = { ...base, page: { offset: page.offset, limit: page.limit } };
          break;
        }
        case 'count':
        case 'limitedCount':
        case 'aggregation': {
          if (i !== steps.length - 1) {
            throw new PropolisError('BadRequest', `query[${i + 1}]: nothing can follow "${name}"`);
          }
          if (name === 'aggregation') {
            const agg = parseV1AggregationStep(step, { path: where });
            const body = await aggregate(env, sel, agg, {
              api: 'v1',
              renderTop: async (top) =>
                (await renderRows(deps, c, top.entity.name, 'v1', await fetchRows(env, top))) as Json[],
            });
            return { body };
          }
          return { body: await countRows(env, sel, name === 'count' ? undefined : LIMITED_COUNT_THRESHOLD) };
        }
        default:
          throw notAllowed(where, name, `${previous} (${sel.entity.name})`, [
            ...FOLLOWING,
            ...Object.keys(sel.entity.navigation ?? {}),
          ]);
      }
    }
    previous = String(name);
  }
  const rows = await fetchRows(env, sel);
  return { body: await renderRows(deps, c, sel.entity.name, 'v1', rows), total };
}
