/**
 * ATT&CK patterns (`/api/v1/pattern`): the catalog imported from a STIX 2.1 bundle, one pattern by
 * its ATT&CK id, the patterns a case's procedures use, and find over the catalog.
 */
import type { PatternImportOutput, PatternOutput } from '@propolis/core';
import type { FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { type FileUpload, multipartForm } from '../upload.js';
import { Resource, seg, V1 } from './resource.js';

export class PatternResource extends Resource {
  /**
   * Imports (or updates) the catalog from a STIX 2.1 bundle: the bundle as an object, or a file
   * (e.g. `enterprise-attack.json` from `fileFromPath`). Running it again changes nothing new.
   */
  async importAttack(bundle: object | FileUpload, options: CallOptions = {}): Promise<PatternImportOutput> {
    const path = `${V1}/pattern/import/attack`;
    if (isFile(bundle)) {
      const form = await multipartForm({}, [{ field: 'file', file: bundle }]);
      return this.t.json({ method: 'POST', path, body: form, idempotent: true }, options);
    }
    return this.t.json({ method: 'POST', path, json: bundle, idempotent: true }, options);
  }

  /** A pattern by its ATT&CK id (`T1059.001`) or `_id`. */
  get(id: string, options: CallOptions = {}): Promise<PatternOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/pattern/${seg(id)}` }, options);
  }

  /** The patterns of a case's procedures. */
  ofCase(caseId: string | number, options: CallOptions = {}): Promise<PatternOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/pattern/case/${seg(caseId)}` }, options);
  }

  find(options: FindOptions = {}): Promise<PatternOutput[]> {
    return this.lister<PatternOutput>('listPattern').find(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.lister<PatternOutput>('listPattern').count(options);
  }
}

function isFile(value: object | FileUpload): value is FileUpload {
  return 'name' in value && 'data' in value && typeof (value as FileUpload).name === 'string';
}
