/** The case list's URL state. */
export interface CaseListSearch {
  q?: string;
  open?: boolean;
  sort?: string[];
}

export function parseCaseListSearch(search: Record<string, unknown>): CaseListSearch {
  return {
    q: typeof search.q === 'string' && search.q ? search.q : undefined,
    open: search.open === false ? false : undefined,
    sort: Array.isArray(search.sort)
      ? (search.sort as unknown[]).filter((s): s is string => typeof s === 'string')
      : undefined,
  };
}
