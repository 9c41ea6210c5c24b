/** Files of a case (docs/attachments.md): upload as multipart parts named `attachments`. */
import type { AttachmentOutputV1 } from '@propolis/core';
import { client } from './http';
import { del, get } from './request';

export type Attachment = AttachmentOutputV1;
const enc = encodeURIComponent;

export const attachments = {
  ofCase: (caseId: string) =>
    get<Attachment[] | { attachments: Attachment[] }>(`/api/v1/case/${enc(caseId)}/attachments`).then((a) =>
      Array.isArray(a) ? a : a.attachments,
    ),
  upload: (caseId: string, files: File[]) =>
    client.attachment.uploadToCase(
      caseId,
      files.map((f) => ({ name: f.name, data: f, contentType: f.type || undefined })),
    ),
  downloadUrl: (caseId: string, attachmentId: string) =>
    `/api/v1/case/${enc(caseId)}/attachment/${enc(attachmentId)}/download`,
  remove: (caseId: string, attachmentId: string) =>
    del<void>(`/api/v1/case/${enc(caseId)}/attachment/${enc(attachmentId)}`),
};
