/**
 * Custom field definitions (`/api/v1/customField`): list, create, read, update, delete (`force`
 * also removes the values objects hold). Values are set on cases and alerts; see custom-fields.ts.
 */
import type { CustomFieldBody, CustomFieldOutputV1, CustomFieldUpdateBody } from '@propolis/core';
import { Finder, type FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class CustomFieldResource extends Resource {
  private readonly finder = new Finder<CustomFieldOutputV1>(
    this.t,
    [{ _name: 'listCustomField' }],
    'custom-fields',
  );

  list(options: CallOptions = {}): Promise<CustomFieldOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/customField` }, options);
  }

  get(idOrName: string, options: CallOptions = {}): Promise<CustomFieldOutputV1> {
    return this.t.json({ method: 'GET', path: `${V1}/customField/${seg(idOrName)}` }, options);
  }

  create(field: CustomFieldBody, options: CallOptions = {}): Promise<CustomFieldOutputV1> {
    return this.t.json({ method: 'POST', path: `${V1}/customField`, json: field }, options);
  }

  update(idOrName: string, fields: CustomFieldUpdateBody, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}/customField/${seg(idOrName)}`, json: fields },
      options,
    );
  }

  /** Deletes the definition; refused while objects use it, unless `force` (which removes their values). */
  delete(idOrName: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    const { force, ...call } = options;
    return this.t.send(
      {
        method: 'DELETE',
        path: `${V1}/customField/${seg(idOrName)}`,
        query: { force: force ? 'true' : undefined },
      },
      call,
    );
  }

  find(options: FindOptions = {}): Promise<CustomFieldOutputV1[]> {
    return this.finder.find(options);
  }
}
