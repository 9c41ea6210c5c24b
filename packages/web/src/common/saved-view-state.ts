/**
 * What a saved view keeps of a list (filters, sort, columns) and how it maps to and from the list's
 * URL state. Values read back from the server are checked again: a view saved by an older UI or by
 * another client never breaks the list.
 */
import { type AlertSearch, parseAlertSearch } from '../alerts/search';
import { type CaseListSearch, parseCaseListSearch } from '../cases/search';

export interface ListView {
  filters: Record<string, unknown>;
  sort: string[];
  columns: string[];
}

export function alertView(search: AlertSearch): ListView {
  const filters: Record<string, unknown> = {};
  if (search.f?.length) filters.f = search.f;
  if (search.q) filters.q = search.q;
  return { filters, sort: search.sort ?? [], columns: search.cols ?? [] };
}

/** The alert list's URL state for a view (the open preview is kept). */
export function alertSearchOf(view: ListView, preview?: string): AlertSearch {
  const parsed = parseAlertSearch({
    f: view.filters.f,
    q: view.filters.q,
    sort: view.sort.length ? view.sort : undefined,
    cols: view.columns.length ? view.columns : undefined,
  });
  return { ...parsed, preview };
}

export function caseView(search: CaseListSearch): ListView {
  const filters: Record<string, unknown> = {};
  if (search.q) filters.q = search.q;
  if (search.open === false) filters.open = false;
  return { filters, sort: search.sort ?? [], columns: [] };
}

export function caseSearchOf(view: ListView): CaseListSearch {
  return parseCaseListSearch({
    q: view.filters.q,
    open: view.filters.open,
    sort: view.sort.length ? view.sort : undefined,
  });
}
