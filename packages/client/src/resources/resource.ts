/**
 * What every resource namespace shares: the transport, path segments, the v1 prefix, and finders
 * over a query pipeline (`listX`, or `getX` of a parent followed by a step such as `comments`).
 */
import { Finder } from '../query.js';
import type { Transport } from '../transport.js';

export const V1 = '/api/v1';

/** One path segment: an id, a number or a name, percent-encoded. */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

export abstract class Resource {
  constructor(protected readonly t: Transport) {}

  /** A finder over `list<Name>` (find, first, count, iterate). */
  protected lister<T>(list: string): Finder<T> {
    return new Finder<T>(this.t, [{ _name: list }], list);
  }

  /** A finder over what a parent holds: `get<Parent>(id)` then `step` (e.g. getCase → comments). */
  protected under<T>(parent: string, id: string | number, step: string): Finder<T> {
    return new Finder<T>(
      this.t,
      [{ _name: parent, idOrName: String(id) }, { _name: step }],
      `${parent}-${step}`,
    );
  }
}
