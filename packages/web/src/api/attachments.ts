/** Files of a case (docs/attachments.md): upload as multipart parts named `attachments`. */
import type { AttachmentOutputV1 } from '@propolis/core';
import { client } from './http';

export type Attachment = AttachmentOutputV1;
const enc = encodeURIComponent;

export const attachments = {
  ofCase: (caseId: string) => client.attachment.ofCase(caseId),
  upload: (caseId: string, files: File[]) =>
    client.attachment.uploadToCase(
      caseId,
      files.map((f) => ({ name: f.name, data: f, contentType: f.type || undefined })),
    ),
  downloadUrl: (caseId: string, attachmentId: string) =>
    `/api/v1/case/${enc(caseId)}/attachment/${enc(attachmentId)}/download`,
  remove: (caseId: string, attachmentId: string) => client.attachment.deleteInCase(caseId, attachmentId),
};
