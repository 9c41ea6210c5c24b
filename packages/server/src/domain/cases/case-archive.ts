/**
 * The case archive of `GET /case/{id}/export` and `POST /case/import` (docs/case-export.md): a zip,
 * encrypted with AES-256 and the caller's password, holding `case.json` (below) and the bytes of
 * every file under `files/<sha256>`. Rows are kept with their columns (ids left out, files named by
 * hash), so that an import restores what was exported. Features that hang more on a case (pages,
 * comments, procedures...) add a section: `registerCaseArchiveSection`.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import type { RequestContext } from '../context.js';

export const ARCHIVE_FORMAT = 'propolis-case-archive';
export const ARCHIVE_VERSION = 1;

export interface FileRef {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
  createdAt: number;
  createdBy: string;
}

export type Columns = Record<string, unknown>;

export interface CaseArchive {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: number;
  exportedBy: string;
  organisation: string;
  case: Columns;
  customFields: Array<{ name: string; value: unknown; order: number }>;
  tasks: Array<Columns & { logs: Array<Columns & { attachments: FileRef[] }> }>;
  observables: Array<Columns & { attachment?: FileRef }>;
  attachments: FileRef[];
  /** Further sections by name (pages, comments, procedures...), each written and read by its feature. */
  sections: Record<string, unknown>;
}

/** A part of a case that a feature exports and imports (ids of the new case's rows are its own). */
export interface CaseArchiveSection {
  name: string;
  /** `scope` is the case's organisation (the case itself was checked by the export). */
  export(db: Kysely<Database>, scope: Scope, caseId: number): Promise<unknown>;
  import(trx: Transaction<Database>, ctx: RequestContext, caseId: number, data: unknown): Promise<void>;
}

const sections = new Map<string, CaseArchiveSection>();

export function registerCaseArchiveSection(section: CaseArchiveSection): void {
  sections.set(section.name, section);
}

export const caseArchiveSections = (): CaseArchiveSection[] => [...sections.values()];
export const caseArchiveSection = (name: string): CaseArchiveSection | undefined => sections.get(name);

/** Columns of a row without its keys (they are renumbered on import). */
export function columnsOf(row: Record<string, unknown>, drop: string[]): Columns {
  const out: Columns = {};
  for (const [k, v] of Object.entries(row)) if (!drop.includes(k)) out[k] = v;
  return out;
}
