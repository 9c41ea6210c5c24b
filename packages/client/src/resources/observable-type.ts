/**
 * Observable types (`/api/v1/observable/type`): list, create, read (by id or name), delete.
 */
import type { CreateObservableTypeBody, ObservableTypeOutputV1 } from '@propolis/core';
import { Finder, type FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class ObservableTypeResource extends Resource {
  private readonly finder = new Finder<ObservableTypeOutputV1>(
    this.t,
    [{ _name: 'listObservableType' }],
    'observable-types',
  );

  list(options: CallOptions = {}): Promise<ObservableTypeOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/observable/type` }, options);
  }

  get(idOrName: string, options: CallOptions = {}): Promise<ObservableTypeOutputV1> {
    return this.t.json({ method: 'GET', path: `${V1}/observable/type/${seg(idOrName)}` }, options);
  }

  create(type: CreateObservableTypeBody, options: CallOptions = {}): Promise<ObservableTypeOutputV1> {
    return this.t.json({ method: 'POST', path: `${V1}/observable/type`, json: type }, options);
  }

  delete(idOrName: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/observable/type/${seg(idOrName)}` }, options);
  }

  find(options: FindOptions = {}): Promise<ObservableTypeOutputV1[]> {
    return this.finder.find(options);
  }
}
