/**
 * Input of observable commands, as both API faces hand it over (v0 TLP already mapped to 0–4),
 * and the checks and canonical forms shared by create, update and bulk update.
 */
import { hash } from 'node:crypto';
import { MAX_LONG_TEXT } from '@propolis/core';
import { checkLength } from '../input-rules.js';

export interface ObservableFields {
  message?: string | null;
  /** 0–4 (TheHive 5 numbering); v0 routes map 0–3 first. */
  tlp?: number;
  pap?: number;
  tags?: string[];
  ioc?: boolean;
  sighted?: boolean;
  sightedAt?: number;
  ignoreSimilarity?: boolean;
  startDate?: number;
}

/** A reference to an attachment the organisation already holds (TheHive 5 InputAttachment). */
export interface AttachmentReference {
  id: string;
  name?: string;
  contentType?: string;
}

export interface CreateObservableInput extends ObservableFields {
  dataType: string;
  data?: string | string[];
  /** A file part key, an existing attachment, or a list of them (TheHive 5). */
  attachment?: string | AttachmentReference | Array<string | AttachmentReference>;
  isZip?: boolean;
  zipPassword?: string;
}

export interface UpdateObservableInput extends ObservableFields {
  /** `tlp` is on the v0 scale (0–3, 4 accepted as RED): mapped against the current value. */
  tlpIsV0?: boolean;
  /** Read-only: accepted only when equal to the current value. */
  dataType?: string;
  data?: unknown;
  addTags?: string[];
  removeTags?: string[];
}

/** A file that came with the request (multipart part, zip entry or inline `name;type;base64`). */
export interface IncomingFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** The multipart field name, when the file came as a part. */
  field?: string;
}

export const checkMessage = (message: string | null | undefined): string | null =>
  checkLength(message, 'message', MAX_LONG_TEXT) ?? null;

/**
 * `data_key`: the SHA-256 of the canonical data (see observable-data.ts), what dedup and similarity
 * compare. One-shot `hash` (strings are hashed as UTF-8): no Hash object per observable.
 */
export const dataKeyOf = (canonical: string): string => hash('sha256', canonical, 'hex');

const INLINE_FILE = /^([^;]{1,1024});([^;]{0,255});([A-Za-z0-9+/=\s]*)$/s;

/** TheHive 3's inline file form `name;content-type;base64` (alert artifacts, some scripts). */
export function parseInlineFile(data: string): IncomingFile | undefined {
  const m = INLINE_FILE.exec(data);
  if (!m) return undefined;
  return {
    filename: m[1]!,
    contentType: m[2] || 'application/octet-stream',
    bytes: Buffer.from(m[3]!.replace(/\s+/g, ''), 'base64'),
  };
}
