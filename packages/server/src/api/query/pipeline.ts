/**
 * The `/api/v1/query` pipeline over the entities of the query registry, compiled to SQL:
 * an initial `list<Entity>` / `get<Entity>`, then navigation steps, `filter`, `sort`, `page`,
 * `count`, `limitedCount` and `aggregation`. Each step is checked against what the previous
 * one produced; a step that does not fit answers 400 listing the steps that would.
 */
import {
  type Filter,
  type Page,
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
  fewRows,
  navigate,
  type QueryEnv,
  refine,
  type Selection,
  selectAll,
  withFilter,
} from '../../query/selection.js';
import type { EntityDef } from '../../query/types.js';
import { queryEnv } from './env.js';
import { addExtraData } from './extra-data.js';
import { renderRows } from './render.js';
import { similarStep, similarStepNames } from './similar-steps.js';

type Step = Record<string, unknown> & { _name?: unknown };
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** `list<Entity>` and `get<Entity>` names of the SQL entities. */
export function sqlInitialSteps(): string[] {
  return [...entityNames().flatMap((n) => [`list${cap(n)}`, `get${cap(n)}`]), ...Object.keys(SHORTCUTS)];
}

function initialEntity(name: string): { def: EntityDef; get: boolean } | undefined {
  const m = /^(list|get)([A-Z]\w*)$/.exec(name);
  if (!m) return undefined;
  const def = findEntity(m[2]![0]!.toLowerCase() + m[2]!.slice(1));
  return def ? { def, get: m[1] === 'get' } : undefined;
}

/**
 * TheHive 4's initial counters and task lists: `count*` answer a number, `waitingTask(s)` and
 * `myTasks` start a task list.
 */
const SHORTCUTS: Record<string, (c: RequestContext) => { entity: string; filter: Filter; count: boolean }> = {
  countCase: () => ({ entity: 'case', filter: { kind: 'any' }, count: true }),
  countAlert: () => ({ entity: 'alert', filter: { kind: 'any' }, count: true }),
  countUnreadAlert: () => ({
    entity: 'alert',
    filter: { kind: 'compare', op: 'eq', field: 'read', value: false },
    count: true,
  }),
  countImportedAlert: () => ({
    entity: 'alert',
    filter: { kind: 'compare', op: 'eq', field: 'imported', value: true },
    count: true,
  }),
  countTask: () => ({ entity: 'task', filter: { kind: 'any' }, count: true }),
  countCaseObservable: () => ({
    entity: 'observable',
    filter: { kind: 'parent', type: 'case', filter: { kind: 'any' } },
    count: true,
  }),
  countAlertObservable: () => ({
    entity: 'observable',
    filter: { kind: 'parent', type: 'alert', filter: { kind: 'any' } },
    count: true,
  }),
  waitingTask: () => ({
    entity: 'task',
    filter: { kind: 'compare', op: 'eq', field: 'status', value: 'Waiting' },
    count: false,
  }),
  waitingTasks: () => ({
    entity: 'task',
    filter: { kind: 'compare', op: 'eq', field: 'status', value: 'Waiting' },
    count: false,
  }),
  // TheHive 5's knowledge base: the organisation's pages that belong to no case
  listOrganisationPage: () => ({
    entity: 'page',
    filter: { kind: 'compare', op: 'eq', field: 'knowledgeBase', value: true },
    count: false,
  }),
  myTasks: (c) => ({
    entity: 'task',
    filter: { kind: 'compare', op: 'eq', field: 'assignee', value: c.actor.login },
    count: false,
  }),
};

export function isSqlInitial(name: unknown): boolean {
  return typeof name === 'string' && (initialEntity(name) !== undefined || Object.hasOwn(SHORTCUTS, name));
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

/**
 * The extraData names of a page; TheHive 4's `withStats` / `withParents` stand for the entity's
 * statistics and parents.
 */
function extraDataNames(entityName: string, page: Page): string[] {
  const names = [...page.extraData];
  if (page.withStats) names.push(...(STATS[entityName] ?? []));
  if (page.withParents) names.push(...(PARENTS[entityName] ?? []));
  return names;
}
const STATS: Record<string, string[]> = {
  case: ['taskStats', 'observableStats', 'alerts', 'alertCount'],
  observable: ['seen'],
  alert: ['importDate', 'caseNumber', 'status'],
};
const PARENTS: Record<string, string[]> = { task: ['case'], log: ['task', 'case'] };

export interface PipelineResult {
  body: unknown;
  total?: number;
}

/**
 * The selection of a query made of an initial step and navigation, filter and sort steps (what
 * `GET /api/v1/export` accepts: it pages through the selection itself).
 */
export async function selectionOfQuery(
  deps: Deps,
  c: RequestContext,
  steps: Step[],
): Promise<{ env: QueryEnv; sel: Selection }> {
  const env: QueryEnv = await queryEnv(deps, c);
  const first = firstSelection(c, steps[0]!);
  if (first.counts)
    throw new PropolisError('BadRequest', `query[0]: "${String(steps[0]!._name)}" counts, it lists nothing`);
  let sel = first.sel;
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i]!;
    const where = `query[${i}]`;
    const next = await refinedSelection(env, sel, step, where);
    if (!next)
      throw notAllowed(where, step._name, `${String(steps[i - 1]!._name)} (${sel.entity.name})`, [
        'filter',
        'sort',
        ...Object.keys(sel.entity.navigation ?? {}),
        ...similarStepNames(sel.entity.name),
      ]);
    sel = next.sel;
  }
  return { env, sel };
}

export async function runSqlPipeline(deps: Deps, c: RequestContext, steps: Step[]): Promise<PipelineResult> {
  const env: QueryEnv = await queryEnv(deps, c);
  const first = firstSelection(c, steps[0]!);
  if (first.counts) {
    if (steps.length > 1)
      throw new PropolisError('BadRequest', `query[1]: nothing can follow "${String(steps[0]!._name)}"`);
    return { body: await countRows(env, first.sel) };
  }
  return runSteps(deps, c, env, first.sel, steps);
}

/** The selection the first step makes (`counts`: a TheHive 4 counter, that answers a number). */
function firstSelection(c: RequestContext, first: Step): { sel: Selection; counts: boolean } {
  const firstName = String(first._name);
  if (Object.hasOwn(SHORTCUTS, firstName)) {
    const shortcut = SHORTCUTS[firstName]!(c);
    return {
      sel: withFilter(selectAll(entity(shortcut.entity)), shortcut.filter, 'v1'),
      counts: shortcut.count,
    };
  }
  const init = initialEntity(firstName);
  if (!init) throw new PropolisError('BadRequest', `query[0]: unknown initial step "${firstName}"`);
  const sel = selectAll(init.def);
  if (!init.get) return { sel, counts: false };
  const idOrName = first.idOrName;
  if (typeof idOrName !== 'string' && typeof idOrName !== 'number')
    throw new PropolisError('BadRequest', `query[0]: ${firstName} needs "idOrName"`);
  return { sel: withFilter(sel, idOrNameFilter(init.def, String(idOrName)), 'v1'), counts: false };
}

/**
 * The selection after a navigation, similar-cases, `filter` or `sort` step (`moved`: the step went
 * to other rows); undefined for any other step.
 */
async function refinedSelection(
  env: QueryEnv,
  sel: Selection,
  step: Step,
  where: string,
): Promise<{ sel: Selection; moved: boolean } | undefined> {
  const name = step._name;
  const nav = typeof name === 'string' ? sel.entity.navigation?.[name] : undefined;
  if (nav)
    return { sel: navigate(sel, entity(nav.entity), nav.column, nav.sourceColumn, nav.via), moved: true };
  const similar = typeof name === 'string' ? await similarStep(env, sel, name) : undefined;
  if (similar) return { sel: similar, moved: true };
  if (name === 'filter')
    return {
      sel: withFilter(sel, parseV1FilterStep(step, { path: where, plainLike: 'contains' }), 'v1'),
      moved: false,
    };
  if (name === 'sort')
    return {
      sel: { ...refine(sel), sort: { fields: parseV1Sort(step, { path: where }), api: 'v1' } },
      moved: false,
    };
  return undefined;
}

/** Runs the steps after the first one on the selection the first one made. */
async function runSteps(
  deps: Deps,
  c: RequestContext,
  env: QueryEnv,
  start: Selection,
  steps: Step[],
): Promise<PipelineResult> {
  let sel = start;
  const first = steps[0]!;
  // the total of a page (extraData "total"), the page, and the count's cap
  let counted: { total: Promise<number>; sel: Selection; cap: number | undefined } | undefined;
  let extra: { entity: string; names: string[] } | undefined;
  let previous = String(first._name);
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i]!;
    const where = `query[${i}]`;
    const name = step._name;
    const next = await refinedSelection(env, sel, step, where);
    if (next) {
      if (next.moved) extra = undefined;
      sel = next.sel;
    } else {
      switch (name) {
        case 'page': {
          const page = parseV1Page(step, { path: where });
          const whole = sel;
          extra = { entity: sel.entity.name, names: extraDataNames(sel.entity.name, page) };
          const base = sel.page ? { ...refine(sel), sort: sel.sort } : sel;
          sel = { ...base, page: { offset: page.offset, limit: page.limit } };
          if (page.extraData.includes('total')) {
            const threshold = deps.config.query.limitedCountThreshold;
            const cap = threshold > 0 ? threshold : undefined;
            // counted while the page is read (two connections on PostgreSQL), but for a word search
            const total = countRows(env, whole, cap);
            total.catch(() => undefined);
            counted = { total, sel, cap };
          }
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
          const threshold = deps.config.query.limitedCountThreshold;
          const cap = name === 'count' || threshold === 0 ? undefined : threshold;
          return { body: await countRows(env, sel, cap) };
        }
        default:
          throw notAllowed(where, name, `${previous} (${sel.entity.name})`, [
            ...FOLLOWING,
            ...Object.keys(sel.entity.navigation ?? {}),
            ...similarStepNames(sel.entity.name),
          ]);
      }
    }
    previous = String(name);
  }
  // a word search's page waits for its total: with few matches, it is read from their ids (fewRows)
  const fromIds = counted?.sel === sel && (await fewRows(env, sel, counted.total, counted.cap));
  const rows = await fetchRows(env, sel, { fromIds });
  const items = await renderRows(deps, c, sel.entity.name, 'v1', rows);
  if (extra && extra.entity === sel.entity.name)
    await addExtraData(deps, c, sel.entity.name, rows, items, extra.names);
  return { body: items, total: await counted?.total };
}
