/**
 * Where the markdown editors below store a pasted or dropped image: the case's attachments inside a
 * case page (`<MarkdownUploads caseId>`), else the organisation's own files. Either way the image is
 * an attachment the API serves to whoever may see it, with the session.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { client } from '../api/http';
import { attachmentUrl } from './markdown-insert';

export type ImageUploader = (file: File) => Promise<string>;

const toUpload = (f: File) => [{ name: f.name || 'image', data: f, contentType: f.type || undefined }];

function uploaderFor(caseId: string | undefined): ImageUploader {
  return async (file) => {
    const [stored] = caseId
      ? await client.attachment.uploadToCase(caseId, toUpload(file))
      : await client.attachment.uploadToOrganisation(toUpload(file));
    if (!stored) throw new Error('The server stored no file.');
    return attachmentUrl(stored._id);
  };
}

const Uploads = createContext<ImageUploader>(uploaderFor(undefined));

export function MarkdownUploads({ caseId, children }: { caseId: string; children: ReactNode }) {
  const upload = useMemo(() => uploaderFor(caseId), [caseId]);
  return <Uploads.Provider value={upload}>{children}</Uploads.Provider>;
}

export const useImageUploader = () => useContext(Uploads);
