/**
 * Discovery and export (`client.discovery`): the models' attributes (`/describe`), the permission
 * names (`/permission`), and a query's result exported as JSON or CSV (`/export`, streamed: the
 * answer is a Download whose bytes arrive as the server pages through the result).
 */
import type { EntityDescription, PermissionOutput } from '@propolis/core';
import type { Static } from 'typebox';
import { Download } from '../download.js';
import type { QueryStep } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export type ModelDescription = Static<typeof EntityDescription>;

export interface ExportOptions extends CallOptions {
  /** `json` (default): a JSON array of v1 objects; `csv`: a header line and one line per object. */
  format?: 'json' | 'csv';
  /** CSV columns (default: the model's described attributes; `/export/_fields` lists them). */
  fields?: readonly string[];
}

export class DiscoveryResource extends Resource {
  /** Every model's attributes (name, type, enumeration values and labels), custom fields included. */
  describeAll(options: CallOptions = {}): Promise<Record<string, ModelDescription>> {
    return this.t.json({ method: 'GET', path: `${V1}/describe/_all` }, options);
  }

  describe(model: string, options: CallOptions = {}): Promise<ModelDescription> {
    return this.t.json({ method: 'GET', path: `${V1}/describe/${seg(model)}` }, options);
  }

  /** The permission names profiles take, with where each applies. */
  permissions(options: CallOptions = {}): Promise<PermissionOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/permission` }, options);
  }

  /**
   * The objects a query (an initial step, navigation, filter and sort steps) designates, streamed
   * as JSON or CSV. Read it with `bytes()`, `text()`, or `stream` as it arrives.
   */
  async export(query: readonly QueryStep[], options: ExportOptions = {}): Promise<Download> {
    const { format, fields, ...call } = options;
    return new Download(
      await this.t.stream(
        {
          method: 'GET',
          path: `${V1}/export`,
          query: { query: JSON.stringify(query), format, fields: fields?.join(',') },
        },
        call,
      ),
    );
  }

  /** The default CSV columns of a query's export. */
  exportFields(query: readonly QueryStep[], options: CallOptions = {}): Promise<string[]> {
    return this.t.json(
      { method: 'GET', path: `${V1}/export/_fields`, query: { query: JSON.stringify(query) } },
      options,
    );
  }
}
