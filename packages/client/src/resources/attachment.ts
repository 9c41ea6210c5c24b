/**
 * Attachments (`/api/v1/attachment`, `/api/v1/case/{id}/attachments`, `/api/v1/log/{id}/attachments`):
 * files of a case, of a task log or of the organisation, uploaded in one multipart request, listed,
 * read, deleted and downloaded. `download(id)` fetches any attachment the caller can see by its id
 * (task log files, alert files...).
 */
import type { AttachmentOutputV1, AttachmentsOutputV1 } from '@propolis/core';
import { Download } from '../download.js';
import type { CallOptions } from '../transport.js';
import { type FileUpload, multipartForm } from '../upload.js';
import type { DownloadOptions } from './observable.js';
import { Resource, seg, V1 } from './resource.js';

export class AttachmentResource extends Resource {
  /** The file, plain or zipped with the server's password; `name` is the file name to give it. */
  async download(id: string, options: DownloadOptions & { name?: string } = {}): Promise<Download> {
    const { zip, name, ...call } = options;
    return this.fetch(
      `${V1}/attachment/${seg(id)}/download`,
      { asZip: zip ? 'true' : undefined, name },
      call,
    );
  }

  /** Adds files to a case. */
  uploadToCase(caseId: string | number, files: readonly FileUpload[], options: CallOptions = {}) {
    return this.upload(`${V1}/case/${seg(caseId)}/attachments`, files, options);
  }

  /** Adds files to a task log. */
  uploadToLog(logId: string, files: readonly FileUpload[], options: CallOptions = {}) {
    return this.upload(`${V1}/log/${seg(logId)}/attachments`, files, options);
  }

  /** Adds files to the organisation's own attachments. */
  uploadToOrganisation(files: readonly FileUpload[], options: CallOptions = {}) {
    return this.upload(`${V1}/attachment`, files, options);
  }

  ofCase(caseId: string | number, options: CallOptions = {}): Promise<AttachmentOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/attachments` }, options);
  }

  ofLog(logId: string, options: CallOptions = {}): Promise<AttachmentOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/log/${seg(logId)}/attachments` }, options);
  }

  /** The organisation's own attachments. */
  ofOrganisation(options: CallOptions = {}): Promise<AttachmentOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/attachment` }, options);
  }

  getInCase(caseId: string | number, attachmentId: string, options: CallOptions = {}) {
    return this.t.json<AttachmentOutputV1>(
      { method: 'GET', path: `${V1}/case/${seg(caseId)}/attachment/${seg(attachmentId)}` },
      options,
    );
  }

  /** One of the organisation's own attachments. */
  get(id: string, options: CallOptions = {}): Promise<AttachmentOutputV1> {
    return this.t.json({ method: 'GET', path: `${V1}/attachment/${seg(id)}` }, options);
  }

  deleteInCase(caseId: string | number, attachmentId: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'DELETE', path: `${V1}/case/${seg(caseId)}/attachment/${seg(attachmentId)}` },
      options,
    );
  }

  /** Deletes one of the organisation's own attachments. */
  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/attachment/${seg(id)}` }, options);
  }

  /** A case's file, plain or zipped with the server's password. */
  downloadFromCase(caseId: string | number, attachmentId: string, options: DownloadOptions = {}) {
    const { zip, ...call } = options;
    return this.fetch(
      `${V1}/case/${seg(caseId)}/attachment/${seg(attachmentId)}/download`,
      { asZip: zip ? 'true' : undefined },
      call,
    );
  }

  private async fetch(path: string, query: Record<string, string | undefined>, call: CallOptions) {
    return new Download(await this.t.stream({ method: 'GET', path, query }, call));
  }

  private async upload(path: string, files: readonly FileUpload[], options: CallOptions) {
    const form = await multipartForm(
      {},
      files.map((file) => ({ field: 'attachments', file })),
    );
    const answer = await this.t.json<AttachmentsOutputV1>({ method: 'POST', path, body: form }, options);
    return answer.attachments;
  }
}
