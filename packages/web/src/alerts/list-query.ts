/**
 * The alert list's query: its key (the list's definition) and its pages' pipeline, shared by the list
 * (AlertsPage.tsx) and its route (app/router.tsx). The route asks for the first page as the list is
 * entered, before the page is drawn: the list's own request would wait for its first render.
 */
import { api, type QueryStep } from '../api/calls';
import { queryClient } from '../app/query-client';
import { pageQuery } from '../common/windowed';
import { CUSTOM_FIELD_KINDS, type FieldKind, listAlertPipeline } from './filters';
import type { AlertSearch } from './search';

/** The organisation's custom fields, whose kinds the filters need. */
export const CUSTOM_FIELDS_QUERY = {
  queryKey: ['customFields'],
  queryFn: api.admin.customFields,
  staleTime: 300_000,
};

/** Each custom field's kind of filter, by name. */
export function fieldKinds(
  fields: readonly { name: string; type: string }[] | undefined,
): Record<string, FieldKind> {
  return Object.fromEntries((fields ?? []).map((c) => [c.name, CUSTOM_FIELD_KINDS[c.type] ?? 'text']));
}

export interface AlertListQuery {
  key: readonly ['alerts', string];
  pipeline: (from: number, to: number) => QueryStep[];
}

/** The list of `search` (its filters, text and sort); `horizon` the id new alerts wait behind, read at each call. */
export function alertListQuery(
  search: AlertSearch,
  kinds: Record<string, FieldKind>,
  horizon: () => string | undefined = () => undefined,
): AlertListQuery {
  const groups = search.f ?? [];
  const sort = search.sort ?? ['-date'];
  return {
    key: ['alerts', JSON.stringify([groups, search.q, sort, kinds])],
    pipeline: (from, to) => listAlertPipeline(groups, search.q, sort, from, to, kinds, horizon()),
  };
}

/** Asks for the first page of the list of `search` now (nothing when it is cached and fresh). */
export function prefetchAlertList(search: AlertSearch): void {
  const kinds = fieldKinds(queryClient.getQueryData(CUSTOM_FIELDS_QUERY.queryKey));
  const { key, pipeline } = alertListQuery(search, kinds);
  void queryClient.prefetchQuery(pageQuery(key, pipeline, 0));
}
