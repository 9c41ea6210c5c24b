/** MISP taxonomies (docs/collaboration.md): platform-wide, managed with manageTaxonomy. */
import type { TaxonomyOutput } from '@propolis/core';
import { api } from './calls';
import { client } from './http';
import { del, post } from './request';

export type Taxonomy = TaxonomyOutput;
const enc = encodeURIComponent;

export const taxonomies = {
  list: () =>
    api
      .query<Taxonomy>([{ _name: 'listTaxonomy' }, { _name: 'sort', _fields: [{ namespace: 'asc' }] }])
      .then((r) => r.rows),
  /** One machinetag.json, as parsed from the file the administrator chose. */
  create: (machinetag: unknown) => post<Taxonomy>('/api/v1/taxonomy', machinetag),
  setEnabled: (id: string, enabled: boolean) =>
    enabled ? client.taxonomy.activate(id) : client.taxonomy.deactivate(id),
  remove: (id: string) => del<void>(`/api/v1/taxonomy/${enc(id)}`),
};
