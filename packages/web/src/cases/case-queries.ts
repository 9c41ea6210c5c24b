/**
 * A case's page queries (the case, its observables), by the case reference of the page's URL (its
 * number or id), shared by the page (CasePage.tsx) and its route (app/router.tsx). The route asks for
 * them as the page is entered, before its lazy chunk has loaded: the page's own requests would wait
 * for the chunk and its first render.
 */
import { api } from '../api/calls';
import { queryClient } from '../app/query-client';

/** The case. */
export const caseQuery = (caseRef: string) => ({
  queryKey: ['case', caseRef],
  queryFn: () => api.case.get(caseRef),
});

/** The case's observables, newest first. */
export const caseObservablesQuery = (caseRef: string) => ({
  queryKey: ['case', caseRef, 'observables'],
  queryFn: () => api.case.observables(caseRef),
});

/**
 * Asks now for the case (as its page is `entered`) and for its observables on their tab (entered
 * there, or the tab chosen: before the tab is drawn); nothing for what is cached and fresh.
 */
export function prefetchCasePage(caseRef: string, tab: string | undefined, entered: boolean): void {
  if (entered) void queryClient.prefetchQuery(caseQuery(caseRef));
  if (tab === 'observables') void queryClient.prefetchQuery(caseObservablesQuery(caseRef));
}
