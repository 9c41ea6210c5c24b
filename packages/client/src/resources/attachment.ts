/**
 * Attachments by their own id (`/api/v1/attachment/{id}/download`): task log files, alert files...
 * An attachment's id is its SHA-256 (content-addressed storage).
 */
import { Download } from '../download.js';
import type { DownloadOptions } from './observable.js';
import { Resource, seg, V1 } from './resource.js';

export class AttachmentResource extends Resource {
  /** The file, plain or zipped with the server's password; `name` is the file name to give it. */
  async download(id: string, options: DownloadOptions & { name?: string } = {}): Promise<Download> {
    const { zip, name, ...call } = options;
    const response = await this.t.stream(
      {
        method: 'GET',
        path: `${V1}/attachment/${seg(id)}/download`,
        query: { asZip: zip ? 'true' : undefined, name },
      },
      call,
    );
    return new Download(response);
  }
}
