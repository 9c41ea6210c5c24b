/**
 * Cases (`/api/v1/case`): create, read (by id or number), update, bulk update, close, delete, merge,
 * their tasks, observables, alerts and linked cases, custom field values, export and import as an
 * encrypted zip, STIX export, and find/count/iterate.
 */
import type { CaseImportBody } from '@propolis/core';
import { Download } from '../download.js';
import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type {
  InputCase,
  InputObservable,
  InputTask,
  InputUpdateCase,
  OutputAlert,
  OutputCase,
  OutputLinkedCase,
  OutputObservable,
  OutputTask,
} from '../types.js';
import { type FileUpload, multipartForm } from '../upload.js';
import { createObservables } from './observable-create.js';
import { Resource, seg, V1 } from './resource.js';

/** How an exported case comes in: the archive's password, and shares to give it. */
export type CaseImportSettings = CaseImportBody;

/** A STIX 2.1 bundle (typed here: the server describes it as an open JSON object). */
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: Array<{ type: string; id: string; [key: string]: unknown }>;
}

export class CaseResource extends Resource {
  private readonly finder = new Finder<OutputCase>(this.t, [{ _name: 'listCase' }], 'cases');

  create(input: InputCase, options: CallOptions = {}): Promise<OutputCase> {
    return this.t.json({ method: 'POST', path: `${V1}/case`, json: input }, options);
  }

  /** A case by id (`~123`) or number (`42`). */
  get(idOrNumber: string | number, options: CallOptions = {}): Promise<OutputCase> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(idOrNumber)}` }, options);
  }

  update(idOrNumber: string | number, fields: InputUpdateCase, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/case/${seg(idOrNumber)}`, json: fields }, options);
  }

  bulkUpdate(ids: readonly string[], fields: InputUpdateCase, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/case/_bulk`, json: { ...fields, ids } }, options);
  }

  /** Closes the case with a resolution status (`TruePositive`, `FalsePositive`...) and a summary. */
  close(
    idOrNumber: string | number,
    status: string,
    summary: string,
    impactStatus = 'NotApplicable',
    options: CallOptions = {},
  ): Promise<void> {
    return this.update(idOrNumber, { status, summary, impactStatus }, options);
  }

  delete(idOrNumber: string | number, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/case/${seg(idOrNumber)}` }, options);
  }

  /** Merges the cases into a new one, which takes all they hold; the source cases are deleted. */
  merge(ids: readonly string[], options: CallOptions = {}): Promise<OutputCase> {
    return this.t.json({ method: 'POST', path: `${V1}/case/_merge/${ids.map(seg).join(',')}` }, options);
  }

  createTask(caseId: string | number, task: InputTask, options: CallOptions = {}): Promise<OutputTask> {
    return this.t.json({ method: 'POST', path: `${V1}/case/${seg(caseId)}/task`, json: task }, options);
  }

  /** The case's tasks, in their order. */
  tasks(caseId: string | number, options: CallOptions = {}): Promise<OutputTask[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/task` }, options);
  }

  /** Adds observables: one per `data` value, or one file observable with `file`. */
  createObservable(
    caseId: string | number,
    observable: InputObservable,
    options: CallOptions & { file?: FileUpload } = {},
  ): Promise<OutputObservable[]> {
    return createObservables(this.t, `${V1}/case/${seg(caseId)}/observable`, observable, options);
  }

  /** The case's observables (filter, sort and page as in `find`). */
  observables(caseId: string | number, options: FindOptions = {}): Promise<OutputObservable[]> {
    return this.under<OutputObservable>('getCase', caseId, 'observables').find(options);
  }

  /** The alerts merged into or imported as the case. */
  alerts(caseId: string | number, options: FindOptions = {}): Promise<OutputAlert[]> {
    return this.under<OutputAlert>('getCase', caseId, 'alerts').find(options);
  }

  /** The cases sharing observables with this one. */
  links(caseId: string | number, options: CallOptions = {}): Promise<OutputLinkedCase[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/links` }, options);
  }

  /** Removes one custom field value (its `_id` in the case's `customFields`). */
  deleteCustomField(valueId: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/case/customField/${seg(valueId)}` }, options);
  }

  /** The case as an AES-encrypted zip (TheHive's case export), opened by `password`. */
  async export(idOrNumber: string | number, password: string, options: CallOptions = {}): Promise<Download> {
    return new Download(
      await this.t.stream(
        { method: 'GET', path: `${V1}/case/${seg(idOrNumber)}/export`, query: { password } },
        options,
      ),
    );
  }

  /** Creates a case from an exported archive; `sharingParameters` share it as it comes in. */
  async import(
    archive: FileUpload,
    settings: CaseImportSettings,
    options: CallOptions = {},
  ): Promise<OutputCase> {
    const form = await multipartForm(settings, [{ field: 'file', file: archive }]);
    return this.t.json({ method: 'POST', path: `${V1}/case/import`, body: form }, options);
  }

  /** The case as a STIX 2.1 bundle (its observables as indicators and observed data). */
  stix(idOrNumber: string | number, options: CallOptions = {}): Promise<StixBundle> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(idOrNumber)}/stix` }, options);
  }

  find(options: FindOptions = {}): Promise<OutputCase[]> {
    return this.finder.find(options);
  }

  first(options: Omit<FindOptions, 'page'> = {}): Promise<OutputCase | undefined> {
    return this.finder.first(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<OutputCase, void, undefined> {
    return this.finder.iterate(options);
  }
}
