/**
 * Task logs (`/api/v1/task/{id}/log`, `/api/v1/log/{id}`): create (with attachments), read, update,
 * delete, remove one attachment, the logs of a task, and find/count/iterate.
 */
import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions, Transport } from '../transport.js';
import type { InputLog, InputUpdateLog, OutputLog } from '../types.js';
import { type FileUpload, multipartForm } from '../upload.js';
import { Resource, seg, V1 } from './resource.js';

export async function createLog(
  t: Transport,
  taskId: string,
  log: InputLog,
  options: CallOptions & { attachments?: readonly FileUpload[] },
): Promise<OutputLog> {
  const { attachments, ...call } = options;
  const path = `${V1}/task/${seg(taskId)}/log`;
  if (!attachments?.length) return t.json({ method: 'POST', path, json: log }, call);
  const form = await multipartForm(
    log,
    attachments.map((file) => ({ field: 'attachments', file })),
  );
  return t.json({ method: 'POST', path, body: form }, call);
}

export class TaskLogResource extends Resource {
  private readonly finder = new Finder<OutputLog>(this.t, [{ _name: 'listLog' }], 'logs');

  create(
    taskId: string,
    log: InputLog,
    options: CallOptions & { attachments?: readonly FileUpload[] } = {},
  ): Promise<OutputLog> {
    return createLog(this.t, taskId, log, options);
  }

  get(id: string, options: CallOptions = {}): Promise<OutputLog> {
    return this.t.json({ method: 'GET', path: `${V1}/log/${seg(id)}` }, options);
  }

  update(id: string, fields: InputUpdateLog, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/log/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/log/${seg(id)}` }, options);
  }

  /** Removes one attachment from the log: `attachmentId` is the attachment's `_id` in the log. */
  deleteAttachment(id: string, attachmentId: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'DELETE', path: `${V1}/log/${seg(id)}/attachments/${seg(attachmentId)}` },
      options,
    );
  }

  ofTask(taskId: string, options: CallOptions = {}): Promise<OutputLog[]> {
    return this.t.json({ method: 'GET', path: `${V1}/task/${seg(taskId)}/log` }, options);
  }

  find(options: FindOptions = {}): Promise<OutputLog[]> {
    return this.finder.find(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<OutputLog, void, undefined> {
    return this.finder.iterate(options);
  }
}
