/**
 * The v1 query pipeline (`POST /api/v1/query`): an initial step (`listCase`, `getAlert`...), navigation
 * steps (`observables`, `tasks`...), then `filter`, `sort`, `page` or `count`. `find`, `count` and
 * `iterate` build pipelines from FindOptions; `iterate` pages through a result of any size.
 */
import type { Filter } from './filter.js';
import type { CallOptions, Transport } from './transport.js';

/** The largest page the server answers (core query limits: maxPageSize). */
export const MAX_PAGE_SIZE = 10_000;

export type QueryStep = { _name: string } & Record<string, unknown>;

export type SortDirection = 'asc' | 'desc';
/** One sort key: `asc('title')`, `desc('_createdAt')`, or `['title', 'asc']`. */
export type SortSpec = readonly [field: string, direction: SortDirection];

export const asc = (field: string): SortSpec => [field, 'asc'];
export const desc = (field: string): SortSpec => [field, 'desc'];

/** Items `from` (inclusive) to `to` (exclusive). */
export interface PageSpec {
  from: number;
  to: number;
}

/** The page of `size` items numbered `index` (0-based). */
export const page = (index: number, size: number): PageSpec => ({
  from: index * size,
  to: (index + 1) * size,
});

export interface FindOptions extends CallOptions {
  filter?: Filter;
  sort?: SortSpec | readonly SortSpec[];
  /** Which items; without it, every item (use `iterate` for large results). */
  page?: PageSpec;
  /** Extra data per item the entity offers (`similarCases`, `taskStats`, ...). */
  extraData?: readonly string[];
  /** Fields to leave out of every item. */
  excludeFields?: readonly string[];
}

export interface IterateOptions extends Omit<FindOptions, 'page'> {
  /** Items fetched per request (default 100). */
  pageSize?: number;
}

const isSortSpec = (s: SortSpec | readonly SortSpec[]): s is SortSpec => typeof s[0] === 'string';

export function filterStep(filter: Filter): QueryStep {
  return { _name: 'filter', ...filter };
}

export function sortStep(sort: SortSpec | readonly SortSpec[]): QueryStep {
  const list = isSortSpec(sort) ? [sort] : sort;
  return { _name: 'sort', _fields: list.map(([field, direction]) => ({ [field]: direction })) };
}

export function pageStep(p: PageSpec, extraData?: readonly string[]): QueryStep {
  return {
    _name: 'page',
    from: p.from,
    to: p.to,
    ...(extraData?.length ? { extraData: [...extraData] } : {}),
  };
}

/** The steps of a find after its initial (and navigation) steps. */
export function findSteps(options: FindOptions): QueryStep[] {
  const steps: QueryStep[] = [];
  if (options.filter) steps.push(filterStep(options.filter));
  if (options.sort) steps.push(sortStep(options.sort));
  if (options.page) steps.push(pageStep(options.page, options.extraData));
  else if (options.extraData?.length) steps.push(pageStep({ from: 0, to: MAX_PAGE_SIZE }, options.extraData));
  return steps;
}

/** Runs a raw pipeline. `name` only labels the request in the server's logs (`?name=`). */
export function runQuery<T>(
  t: Transport,
  query: readonly QueryStep[],
  options: CallOptions & { name?: string; excludeFields?: readonly string[] } = {},
): Promise<T> {
  const { name, excludeFields, ...call } = options;
  return t.json<T>(
    {
      method: 'POST',
      path: '/api/v1/query',
      query: { name },
      json: { query, ...(excludeFields?.length ? { excludeFields } : {}) },
      idempotent: true,
    },
    call,
  );
}

/** Runs a raw pipeline and answers its rows with the X-Total of a page asking `extraData: ['total']`. */
export async function runQueryWithTotal<T>(
  t: Transport,
  query: readonly QueryStep[],
  options: CallOptions & { name?: string } = {},
): Promise<{ items: T[]; total: number | undefined }> {
  const { name, ...call } = options;
  const { body, total } = await t.jsonWithTotal<T[]>(
    { method: 'POST', path: '/api/v1/query', query: { name }, json: { query }, idempotent: true },
    call,
  );
  return { items: body ?? [], total };
}

/**
 * find / count / iterate over what `start` selects (e.g. `[{_name: 'listCase'}]`, or
 * `[{_name: 'getCase', idOrName}, {_name: 'observables'}]`).
 */
export class Finder<T> {
  constructor(
    private readonly t: Transport,
    private readonly start: readonly QueryStep[],
    private readonly label: string,
  ) {}

  /** The items matching `options.filter`, sorted and paged as asked. */
  find(options: FindOptions = {}): Promise<T[]> {
    return runQuery<T[]>(this.t, [...this.start, ...findSteps(options)], {
      ...options,
      name: this.label,
    });
  }

  /** The first item matching, or undefined. */
  async first(options: Omit<FindOptions, 'page'> = {}): Promise<T | undefined> {
    const [item] = await this.find({ ...options, page: { from: 0, to: 1 } });
    return item;
  }

  /** How many items match `options.filter`. */
  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    const steps = [...this.start];
    if (options.filter) steps.push(filterStep(options.filter));
    steps.push({ _name: 'count' });
    return runQuery<number>(this.t, steps, { ...options, name: `${this.label}.count` });
  }

  /**
   * Every matching item, fetched `pageSize` at a time. `_id` is appended to the sort so that pages
   * do not overlap when sort keys tie.
   */
  async *iterate(options: IterateOptions = {}): AsyncGenerator<T, void, undefined> {
    const size = options.pageSize ?? 100;
    if (!Number.isInteger(size) || size < 1) throw new RangeError('pageSize must be a positive integer');
    const given = options.sort ? (isSortSpec(options.sort) ? [options.sort] : [...options.sort]) : [];
    const sort: SortSpec[] = given.some(([f]) => f === '_id') ? given : [...given, ['_id', 'asc']];
    for (let from = 0; ; from += size) {
      const items = await this.find({ ...options, sort, page: { from, to: from + size } });
      yield* items;
      if (items.length < size) return;
    }
  }
}
