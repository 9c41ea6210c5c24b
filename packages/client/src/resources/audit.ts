/**
 * The audit trail (`listAudit` of the query API): every change, who made it and when, newest first
 * by default. Filter by `objectId`, `objectType`, `action`, `_createdBy`, `_createdAt`...
 */
import type { AuditOutputV1 } from '@propolis/core';
import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource } from './resource.js';

export class AuditResource extends Resource {
  private readonly finder = new Finder<AuditOutputV1>(this.t, [{ _name: 'listAudit' }], 'audits');

  find(options: FindOptions = {}): Promise<AuditOutputV1[]> {
    return this.finder.find(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<AuditOutputV1, void, undefined> {
    return this.finder.iterate(options);
  }
}
