/**
 * What every resource namespace shares: the transport, path segments, and the v1 prefix.
 */
import type { Transport } from '../transport.js';

export const V1 = '/api/v1';

/** One path segment: an id, a number or a name, percent-encoded. */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

export abstract class Resource {
  constructor(protected readonly t: Transport) {}
}
