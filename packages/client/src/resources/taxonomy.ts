/**
 * Taxonomies (`/api/v1/taxonomy`): MISP taxonomies of tags, created from a machinetag.json object or
 * imported from a zip of them, enabled or disabled, and found through the query API. Their tags
 * are read and edited by `client.tag`.
 */
import type { TaxonomyBody, TaxonomyImportOutput, TaxonomyOutput } from '@propolis/core';
import type { FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { type FileUpload, multipartForm } from '../upload.js';
import { Resource, seg, V1 } from './resource.js';

export class TaxonomyResource extends Resource {
  create(taxonomy: TaxonomyBody, options: CallOptions = {}): Promise<TaxonomyOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/taxonomy`, json: taxonomy }, options);
  }

  /** Imports every machinetag.json of a zip (MISP's taxonomies repository, zipped). */
  async importZip(zip: FileUpload, options: CallOptions = {}): Promise<TaxonomyImportOutput> {
    const form = await multipartForm({}, [{ field: 'file', file: zip }]);
    return this.t.json({ method: 'POST', path: `${V1}/taxonomy/import-zip`, body: form }, options);
  }

  /** A taxonomy by id or namespace, with its tags. */
  get(idOrNamespace: string, options: CallOptions = {}): Promise<TaxonomyOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/taxonomy/${seg(idOrNamespace)}` }, options);
  }

  delete(idOrNamespace: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/taxonomy/${seg(idOrNamespace)}` }, options);
  }

  /** Offers the taxonomy's tags to the organisation. */
  activate(idOrNamespace: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PUT', path: `${V1}/taxonomy/${seg(idOrNamespace)}/activate` }, options);
  }

  deactivate(idOrNamespace: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PUT', path: `${V1}/taxonomy/${seg(idOrNamespace)}/deactivate` }, options);
  }

  find(options: FindOptions = {}): Promise<TaxonomyOutput[]> {
    return this.lister<TaxonomyOutput>('listTaxonomy').find(options);
  }
}
