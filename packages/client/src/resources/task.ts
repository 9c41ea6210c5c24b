/**
 * Tasks (`/api/v1/task`): create in a case, read, update, bulk update, delete, their logs, the
 * waiting tasks and the caller's own, and find/count/iterate.
 */
import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type { InputLog, InputTask, InputUpdateTask, OutputLog, OutputTask } from '../types.js';
import type { FileUpload } from '../upload.js';
import { Resource, seg, V1 } from './resource.js';
import { createLog } from './task-log.js';

export class TaskResource extends Resource {
  private readonly finder = new Finder<OutputTask>(this.t, [{ _name: 'listTask' }], 'tasks');

  create(caseId: string | number, task: InputTask, options: CallOptions = {}): Promise<OutputTask> {
    return this.t.json({ method: 'POST', path: `${V1}/case/${seg(caseId)}/task`, json: task }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<OutputTask> {
    return this.t.json({ method: 'GET', path: `${V1}/task/${seg(id)}` }, options);
  }

  update(id: string, fields: InputUpdateTask, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/task/${seg(id)}`, json: fields }, options);
  }

  bulkUpdate(ids: readonly string[], fields: InputUpdateTask, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/task/_bulk`, json: { ...fields, ids } }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/task/${seg(id)}` }, options);
  }

  /** The tasks of a case, in their order. */
  ofCase(caseId: string | number, options: CallOptions = {}): Promise<OutputTask[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/task` }, options);
  }

  /** Adds a log to the task, with files as its attachments. */
  addLog(
    id: string,
    log: InputLog,
    options: CallOptions & { attachments?: readonly FileUpload[] } = {},
  ): Promise<OutputLog> {
    return createLog(this.t, id, log, options);
  }

  logs(id: string, options: CallOptions = {}): Promise<OutputLog[]> {
    return this.t.json({ method: 'GET', path: `${V1}/task/${seg(id)}/log` }, options);
  }

  /** Tasks waiting to be started, in every case the caller sees. */
  waiting(options: FindOptions = {}): Promise<OutputTask[]> {
    return new Finder<OutputTask>(this.t, [{ _name: 'waitingTasks' }], 'waiting-tasks').find(options);
  }

  /** Tasks assigned to the caller. */
  mine(options: FindOptions = {}): Promise<OutputTask[]> {
    return new Finder<OutputTask>(this.t, [{ _name: 'myTasks' }], 'my-tasks').find(options);
  }

  find(options: FindOptions = {}): Promise<OutputTask[]> {
    return this.finder.find(options);
  }

  first(options: Omit<FindOptions, 'page'> = {}): Promise<OutputTask | undefined> {
    return this.finder.first(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<OutputTask, void, undefined> {
    return this.finder.iterate(options);
  }
}
