/**
 * Observables (`/api/v1/observable`): read, update, bulk update, delete, download of a file
 * observable's attachment (plain, or zipped with the server's password), and find/count/iterate.
 * Creating one goes through its case or alert (`client.case.createObservable`...).
 */

import type { ObservableMergeOutput, ObservableRetypeOutput } from '@propolis/core';
import { Download } from '../download.js';
import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type { InputBulkUpdateObservable, InputUpdateObservable, OutputObservable } from '../types.js';
import { Resource, seg, V1 } from './resource.js';

export interface DownloadOptions extends CallOptions {
  /** A zip protected by the server's password (`malware` by default), as analysts exchange samples. */
  zip?: boolean;
}

export class ObservableResource extends Resource {
  private readonly finder = new Finder<OutputObservable>(
    this.t,
    [{ _name: 'listObservable' }],
    'observables',
  );

  get(id: string, options: CallOptions = {}): Promise<OutputObservable> {
    return this.t.json({ method: 'GET', path: `${V1}/observable/${seg(id)}` }, options);
  }

  update(id: string, fields: InputUpdateObservable, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/observable/${seg(id)}`, json: fields }, options);
  }

  bulkUpdate(
    ids: readonly string[],
    fields: InputBulkUpdateObservable,
    options: CallOptions = {},
  ): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}/observable/_bulk`, json: { ...fields, ids } },
      options,
    );
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/observable/${seg(id)}` }, options);
  }

  /**
   * The file of a file observable. `attachmentId` defaults to the observable's own attachment
   * (one more request to read it).
   */
  async download(id: string, options: DownloadOptions & { attachmentId?: string } = {}): Promise<Download> {
    const { zip, attachmentId, ...call } = options;
    let attachment = attachmentId;
    if (!attachment) {
      const observable = await this.get(id, call);
      attachment = observable.attachment?.id;
      if (!attachment) throw new TypeError(`observable ${id} has no attachment`);
    }
    const response = await this.t.stream(
      {
        method: 'GET',
        path: `${V1}/observable/${seg(id)}/attachment/${seg(attachment)}/download`,
        query: { asZip: zip ? 'true' : undefined },
      },
      call,
    );
    return new Download(response);
  }

  /** Merges a case's observables of the same type and value into one (tags and flags combined). */
  mergeDuplicates(caseId: string | number, options: CallOptions = {}): Promise<ObservableMergeOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/case/${seg(caseId)}/observable/_merge` }, options);
  }

  /** The observables of a case (or an alert) that another case (or alert) has too. */
  similar(
    kind: 'case' | 'alert',
    id: string,
    otherId: string,
    options: CallOptions = {},
  ): Promise<OutputObservable[]> {
    return this.t.json(
      { method: 'GET', path: `${V1}/${kind}/${seg(id)}/similar/${seg(otherId)}/observables` },
      options,
    );
  }

  /** Gives every observable of type `from` the type `to` (merged into a twin that has it already). */
  retype(from: string, to: string, options: CallOptions = {}): Promise<ObservableRetypeOutput> {
    return this.t.json(
      { method: 'PUT', path: `${V1}/observable/type/update/${seg(from)}/${seg(to)}`, idempotent: true },
      options,
    );
  }

  find(options: FindOptions = {}): Promise<OutputObservable[]> {
    return this.finder.find(options);
  }

  first(options: Omit<FindOptions, 'page'> = {}): Promise<OutputObservable | undefined> {
    return this.finder.first(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<OutputObservable, void, undefined> {
    return this.finder.iterate(options);
  }
}
