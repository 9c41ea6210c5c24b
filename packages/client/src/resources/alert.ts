/**
 * Alerts (`/api/v1/alert`): create (with file observables from an attachment map), read (with
 * similar cases and alerts, or those alone), update, delete, read/unread, follow/unfollow, promote to a case,
 * merge or import into a case, alert observables, and find/count/iterate through the query API.
 */

import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type {
  InputAlert,
  InputCase,
  InputObservable,
  InputUpdateAlert,
  OutputAlert,
  OutputCase,
  OutputObservable,
  OutputSimilarAlert,
  OutputSimilarCase,
} from '../types.js';
import type { FileUpload } from '../upload.js';
import { multipartForm } from '../upload.js';
import { createObservables } from './observable-create.js';
import { Resource, seg, V1 } from './resource.js';

export interface CreateAlertOptions extends CallOptions {
  /**
   * Files of the alert's file observables, by key: an observable `{dataType: 'file', attachment: 'sample'}`
   * takes the file under `sample` (TheHive 5's attachment map).
   */
  attachments?: Record<string, FileUpload>;
}

export interface GetAlertOptions extends CallOptions {
  similarCases?: boolean;
  similarAlerts?: boolean;
}

/** A merge's call options, and the ids of the alert observables to bring (all when absent). */
export interface MergeOptions extends CallOptions {
  observables?: readonly string[];
}

export class AlertResource extends Resource {
  private readonly finder = new Finder<OutputAlert>(this.t, [{ _name: 'listAlert' }], 'alerts');

  async create(alert: InputAlert, options: CreateAlertOptions = {}): Promise<OutputAlert> {
    const { attachments, ...call } = options;
    const entries = Object.entries(attachments ?? {});
    if (entries.length === 0) return this.t.json({ method: 'POST', path: `${V1}/alert`, json: alert }, call);
    const form = await multipartForm(
      alert,
      entries.map(([field, file]) => ({ field, file })),
    );
    return this.t.json({ method: 'POST', path: `${V1}/alert`, body: form }, call);
  }

  get(id: string, options: GetAlertOptions = {}): Promise<OutputAlert> {
    const { similarCases, similarAlerts, ...call } = options;
    const extraData = [similarCases && 'similarCases', similarAlerts && 'similarAlerts'].filter(
      (x): x is string => typeof x === 'string',
    );
    return this.t.json(
      {
        method: 'GET',
        path: `${V1}/alert/${seg(id)}`,
        query: { extraData: extraData.length ? extraData : undefined },
      },
      call,
    );
  }

  /**
   * The cases sharing observables with the alert (not merged away, not its own case), newest first
   * and at most 100, each with how many observables (and IOCs) they share.
   */
  async similarCases(id: string, options: CallOptions = {}): Promise<OutputSimilarCase[]> {
    const alert = await this.get(id, { ...options, similarCases: true });
    return (alert.extraData?.similarCases as OutputSimilarCase[] | undefined) ?? [];
  }

  /**
   * The other alerts sharing observables with the alert (those not yet imported into a case), newest
   * first and at most 100, each with how many observables (and IOCs) they share.
   */
  async similarAlerts(id: string, options: CallOptions = {}): Promise<OutputSimilarAlert[]> {
    const alert = await this.get(id, { ...options, similarAlerts: true });
    return (alert.extraData?.similarAlerts as OutputSimilarAlert[] | undefined) ?? [];
  }

  update(id: string, fields: InputUpdateAlert, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/alert/${seg(id)}`, json: fields }, options);
  }

  bulkUpdate(ids: readonly string[], fields: InputUpdateAlert, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/alert/_bulk`, json: { ...fields, ids } }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/alert/${seg(id)}` }, options);
  }

  bulkDelete(ids: readonly string[], options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/alert/delete/_bulk`, json: { ids }, idempotent: true },
      options,
    );
  }

  markAsRead(id: string, options: CallOptions = {}): Promise<OutputAlert> {
    return this.action(id, 'read', options);
  }

  markAsUnread(id: string, options: CallOptions = {}): Promise<OutputAlert> {
    return this.action(id, 'unread', options);
  }

  follow(id: string, options: CallOptions = {}): Promise<OutputAlert> {
    return this.action(id, 'follow', options);
  }

  unfollow(id: string, options: CallOptions = {}): Promise<OutputAlert> {
    return this.action(id, 'unfollow', options);
  }

  private action(id: string, action: string, options: CallOptions): Promise<OutputAlert> {
    // setting a flag twice leaves the same state: safe to retry
    return this.t.json(
      { method: 'POST', path: `${V1}/alert/${seg(id)}/${action}`, idempotent: true },
      options,
    );
  }

  /** Creates a case from the alert (its observables come along); `overrides` change the case's fields. */
  promoteToCase(
    id: string,
    overrides: Partial<InputCase> = {},
    options: CallOptions = {},
  ): Promise<OutputCase> {
    return this.t.json({ method: 'POST', path: `${V1}/alert/${seg(id)}/case`, json: overrides }, options);
  }

  /**
   * Merges the alert into an existing case: its description and tags are appended, its observables
   * added (only those listed in `observables`, by id, when given).
   */
  mergeIntoCase(alertId: string, caseId: string | number, options: MergeOptions = {}): Promise<OutputCase> {
    const { observables, ...call } = options;
    return this.t.json(
      {
        method: 'POST',
        path: `${V1}/alert/${seg(alertId)}/merge/${seg(caseId)}`,
        ...(observables && { json: { observables } }),
      },
      call,
    );
  }

  /** Imports the alert into an existing case (TheHive 5's `import`: observables only, or those listed). */
  importIntoCase(alertId: string, caseId: string | number, options: MergeOptions = {}): Promise<OutputCase> {
    const { observables, ...call } = options;
    return this.t.json(
      {
        method: 'POST',
        path: `${V1}/alert/${seg(alertId)}/import/${seg(caseId)}`,
        ...(observables && { json: { observables } }),
      },
      call,
    );
  }

  /** Merges several alerts into one case. */
  bulkMergeIntoCase(
    caseId: string,
    alertIds: readonly string[],
    options: CallOptions = {},
  ): Promise<OutputCase> {
    return this.t.json(
      { method: 'POST', path: `${V1}/alert/merge/_bulk`, json: { caseId, alertIds } },
      options,
    );
  }

  /** Adds observables to the alert: one per `data` value, or one file observable with `file`. */
  createObservable(
    alertId: string,
    observable: InputObservable,
    options: CallOptions & { file?: FileUpload } = {},
  ): Promise<OutputObservable[]> {
    return createObservables(this.t, `${V1}/alert/${seg(alertId)}/observable`, observable, options);
  }

  /** The alert's observables (filter, sort and page as in `find`). */
  observables(alertId: string, options: FindOptions = {}): Promise<OutputObservable[]> {
    return new Finder<OutputObservable>(
      this.t,
      [{ _name: 'getAlert', idOrName: alertId }, { _name: 'observables' }],
      'alert-observables',
    ).find(options);
  }

  find(options: FindOptions = {}): Promise<OutputAlert[]> {
    return this.finder.find(options);
  }

  first(options: Omit<FindOptions, 'page'> = {}): Promise<OutputAlert | undefined> {
    return this.finder.first(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<OutputAlert, void, undefined> {
    return this.finder.iterate(options);
  }
}
