/** MISP taxonomies (docs/collaboration.md): platform-wide, managed with manageTaxonomy. */
import type { TaxonomyBody, TaxonomyOutput } from '@propolis/core';
import { api } from './calls';
import { client } from './http';

export type Taxonomy = TaxonomyOutput;

export const taxonomies = {
  list: () =>
    api
      .query<Taxonomy>([{ _name: 'listTaxonomy' }, { _name: 'sort', _fields: [{ namespace: 'asc' }] }])
      .then((r) => r.rows),
  /** One machinetag.json, as parsed from the file the administrator chose. */
  create: (machinetag: unknown) => client.taxonomy.create(machinetag as TaxonomyBody),
  setEnabled: (id: string, enabled: boolean) =>
    enabled ? client.taxonomy.activate(id) : client.taxonomy.deactivate(id),
  remove: (id: string) => client.taxonomy.delete(id),
};
