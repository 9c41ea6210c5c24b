/**
 * Adds observables to a case (v1 POST /case/{id}/observable, v0 POST /case/{id}/artifact) or to an
 * alert (v1 POST /alert/{id}/observable, v0 POST /alert/{id}/artifact, and alert creation).
 *
 * One request may create several observables: `data` as an array gives one per value; several
 * files, or a zip unpacked with `isZip` (+ `zipPassword`), give one per file. The same observable
 * (same data type and canonical data, or same file content) twice in a case is merged into the
 * existing one, following domain/observables/merge-rule.ts, never duplicated.
 */
import { badRequest, formatId } from '@propolis/core';
import type { Insertable, Transaction } from 'kysely';
import { type BlobHashes, blobStore } from '../../blobs/blob-store.js';
import { sanitizeFilename } from '../../blobs/filenames.js';
import { unzipEntries } from '../../blobs/zip.js';
import { refreshObservableCount } from '../../db/repositories/alerts.js';
import { attachmentOfBlob, insertAttachment } from '../../db/repositories/attachments.js';
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';
import {
  insertObservable,
  type ObservableParent,
  type ObservableRow,
  observableInParent,
  updateObservable,
} from '../../db/repositories/observables.js';
import { insertTags, replaceTags } from '../../db/repositories/tags.js';
import type { Database, ObservableTable } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { type AuditEntry, appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { permittedScope, type RequestContext } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkDate, checkPap, checkTags, checkTlp } from '../input-rules.js';
import { observableTypeByName } from '../observable-types/type-cache.js';
import { autoShareNew } from '../sharing/auto-share.js';
import { mergeObservableValues } from './merge-rule.js';
import { canonicalObservableData } from './observable-data.js';
import {
  type AttachmentReference,
  type CreateObservableInput,
  checkMessage,
  dataKeyOf,
  type IncomingFile,
  parseInlineFile,
} from './observable-input.js';
import { type ObservableView, observableViews } from './observable-view.js';

/** At most this many observables from one `data` array. */
export const MAX_VALUES = 10_000;

export interface Item {
  data: string | null;
  key: string;
  file?: { name: string; contentType: string; hashes: BlobHashes; bytes?: Buffer };
  /** Where the value came from, for error messages. */
  field: string;
}

export interface CreateObservablesResult {
  views: ObservableView[];
  /** True when the request named one value (v0 answers an object then, an array otherwise). */
  single: boolean;
}

/** What `prepareObservables` checked and staged, ready to be written inside a transaction. */
export interface PreparedObservables {
  type: ObservableTypeRow;
  fields: CommonFields;
  items: Item[];
  /** True when the request named one value (v0 answers an object then, an array otherwise). */
  single: boolean;
}

/**
 * Checks an observable input (type, data, files, common fields) and stages its files in the blob
 * store, outside any transaction; `writeObservables` then writes it under a case or an alert.
 */
export async function prepareObservables(
  deps: Pick<Deps, 'db' | 'config'>,
  scope: Scope,
  input: CreateObservableInput,
  files: IncomingFile[] = [],
  /** Lookups already made in this request, by type name. */
  types?: Map<string, Promise<ObservableTypeRow | undefined>>,
): Promise<PreparedObservables> {
  const name = String(input.dataType ?? '').trim();
  let lookup = types?.get(name);
  if (!lookup) {
    lookup = observableTypeByName(deps.db, name);
    types?.set(name, lookup);
  }
  const type = await lookup;
  if (!type) throw badRequest(`dataType: unknown observable type "${input.dataType}"`);
  const fields = commonFields(input);
  const store = blobStore(deps.config);

  let single: boolean;
  const items: Item[] = [];
  if (type.is_attachment) {
    const { incoming, references } = await attachmentInputs(deps, scope, type, input, files);
    single = incoming.length + references.length === 1 && !input.isZip;
    for (const f of incoming) {
      const hashes = await store.stage(f.bytes);
      items.push({
        data: null,
        key: hashes.sha256,
        file: { name: sanitizeFilename(f.filename), contentType: f.contentType, hashes, bytes: f.bytes },
        field: 'attachment',
      });
    }
    items.push(...references);
  } else {
    if (files.length > 0 || input.attachment !== undefined) {
      throw badRequest(
        `attachment: observables of type ${type.name} take data, not a file (use an attachment type such as file)`,
      );
    }
    if (input.isZip)
      throw badRequest(`isZip: only observables of an attachment type can be unpacked from a zip`);
    const values = Array.isArray(input.data)
      ? input.data
      : input.data === undefined || input.data === null
        ? []
        : [input.data];
    if (values.length === 0) throw badRequest('data: is required (a string, or an array of strings)');
    if (values.length > MAX_VALUES) throw badRequest(`data: at most ${MAX_VALUES} values in one request`);
    single = !Array.isArray(input.data);
    for (const [i, raw] of values.entries()) {
      const field = Array.isArray(input.data) ? `data[${i}]` : 'data';
      if (typeof raw !== 'string') throw badRequest(`${field}: must be a string`);
      const value = canonicalObservableData(type, raw, field);
      items.push({ data: value, key: dataKeyOf(value), field });
    }
  }
  return { type, fields, items, single };
}

/**
 * Writes prepared observables under a case or an alert inside the caller's transaction: the same
 * observable twice is merged (merge-rule.ts), never duplicated. Audit entries are pushed to `audit`;
 * the caller appends them (and keeps the alert's observable count).
 */
export async function writeObservables(
  trx: Transaction<Database>,
  deps: Pick<Deps, 'config'>,
  ctx: RequestContext,
  scope: Scope,
  parent: ObservableParent,
  prepared: PreparedObservables,
  now: number,
  audit: AuditEntry[],
): Promise<ObservableRow[]> {
  const store = blobStore(deps.config);
  const out = new Map<number, ObservableRow>();
  for (const item of prepared.items) {
    // The blob row must exist before the attachment row that references it.
    if (item.file?.bytes) await store.put(trx, item.file.bytes, item.file.hashes);
    const row = await addOne(trx, ctx, scope, parent, prepared, item, now, audit);
    out.set(row.id, row);
  }
  return [...out.values()];
}

/**
 * Adds observables to a case (its `~id` or number) or to an alert (`{kind: 'alert', id}`, which needs
 * manageAlert instead of manageObservable and keeps the alert's observable count).
 */
export async function createObservables(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  target: string | ObservableParent,
  input: CreateObservableInput,
  files: IncomingFile[] = [],
): Promise<CreateObservablesResult> {
  const parent: ObservableParent = typeof target === 'string' ? { kind: 'case', id: 0 } : target;
  const scope = permittedScope(ctx, parent.kind === 'alert' ? 'manageAlert/update' : 'manageObservable');
  if (typeof target === 'string') parent.id = (await visibleCase(deps.db, ctx, target)).id;
  const prepared = await prepareObservables(deps, scope, input, files);
  const rows = await inTransaction(deps, async (trx) => {
    const audit: AuditEntry[] = [];
    const written = await writeObservables(trx, deps, ctx, scope, parent, prepared, Date.now(), audit);
    if (parent.kind === 'alert') await refreshObservableCount(trx, scope, [parent.id]);
    await appendAudit(trx, ctx, audit);
    return written;
  });
  return { views: await observableViews(deps.db, scope, rows), single: prepared.single };
}

export interface CommonFields {
  message: string | null;
  tlp: number;
  pap: number;
  tags: string[];
  ioc: boolean;
  sighted: boolean;
  sightedAt?: number;
  ignoreSimilarity: boolean;
  startDate?: number;
}

function commonFields(input: CreateObservableInput): CommonFields {
  return {
    message: checkMessage(input.message),
    tlp: checkTlp(input.tlp),
    pap: checkPap(input.pap),
    tags: checkTags(input.tags ?? []),
    ioc: input.ioc === true,
    sighted: input.sighted === true,
    sightedAt: input.sightedAt === undefined ? undefined : checkDate(input.sightedAt, 'sightedAt'),
    ignoreSimilarity: input.ignoreSimilarity === true,
    startDate: input.startDate === undefined ? undefined : checkDate(input.startDate, 'startDate'),
  };
}

/** The files of an attachment-type observable: parts, inline data, zip entries, existing attachments. */
async function attachmentInputs(
  deps: Pick<Deps, 'db' | 'config'>,
  scope: Scope,
  type: ObservableTypeRow,
  input: CreateObservableInput,
  files: IncomingFile[],
): Promise<{ incoming: IncomingFile[]; references: Item[] }> {
  const refs =
    input.attachment === undefined
      ? []
      : Array.isArray(input.attachment)
        ? input.attachment
        : [input.attachment];
  const keys = refs.filter((r): r is string => typeof r === 'string');
  const existing = refs.filter((r): r is AttachmentReference => typeof r === 'object' && r !== null);
  // Parts named `attachment` (or `attachments`), plus parts named by keys in `_json.attachment` (TheHive 5 alert style).
  let incoming = files.filter(
    (f) =>
      f.field === undefined ||
      f.field === 'attachment' ||
      f.field === 'attachments' ||
      keys.includes(f.field),
  );
  for (const key of keys) {
    if (key !== 'attachment' && !files.some((f) => f.field === key)) {
      // A bare string that is no part name may be an attachment id (SHA-256) the organisation holds.
      existing.push({ id: key });
    }
  }
  const values = Array.isArray(input.data)
    ? input.data
    : input.data === undefined || input.data === null
      ? []
      : [input.data];
  for (const [i, value] of values.entries()) {
    const field = Array.isArray(input.data) ? `data[${i}]` : 'data';
    const inline = typeof value === 'string' ? parseInlineFile(value) : undefined;
    if (!inline) {
      throw badRequest(
        `${field}: observables of type ${type.name} take a file (multipart part "attachment"), not data`,
      );
    }
    incoming.push(inline);
  }
  if (input.isZip) {
    let budget = deps.config.zip.maxEntries;
    const unpacked: IncomingFile[] = [];
    for (const zip of incoming) {
      const entries = await unzipEntries(zip.bytes, input.zipPassword || undefined, {
        maxEntries: budget,
        maxTotalSize: deps.config.zip.maxTotalSize,
      });
      budget -= entries.length;
      for (const e of entries) {
        unpacked.push({
          filename: sanitizeFilename(e.path),
          contentType: 'application/octet-stream',
          bytes: e.bytes,
        });
      }
    }
    incoming = unpacked;
  }
  const references: Item[] = [];
  for (const [i, ref] of existing.entries()) {
    const att =
      typeof ref.id === 'string' ? await attachmentOfBlob(deps.db, scope, ref.id.toLowerCase()) : undefined;
    if (!att)
      throw badRequest(
        `attachment${existing.length > 1 ? `[${i}]` : ''}: unknown attachment ${String(ref.id)}`,
      );
    references.push({
      data: null,
      key: att.blob_sha256,
      file: {
        name: sanitizeFilename(ref.name ?? att.name),
        contentType: ref.contentType ?? att.content_type,
        hashes: { sha256: att.blob_sha256, sha1: att.sha1, md5: att.md5, size: att.size },
      },
      field: 'attachment',
    });
  }
  if (incoming.length === 0 && references.length === 0) {
    throw badRequest(
      input.isZip
        ? 'attachment: the zip holds no file'
        : `attachment: is required for observables of type ${type.name} (a multipart part named "attachment")`,
    );
  }
  return { incoming, references };
}

async function addOne(
  trx: Transaction<Database>,
  ctx: RequestContext,
  scope: Scope,
  parent: ObservableParent,
  prepared: PreparedObservables,
  item: Item,
  now: number,
  audit: AuditEntry[],
): Promise<ObservableRow> {
  const { type, fields: f } = prepared;
  const rootId = formatId(parent.id);
  const values = mutableValues(f, now);
  const memoKey = `${type.name}\u0000${item.key}`;
  const existing = parent.written
    ? parent.written.get(memoKey)
    : await observableInParent(trx, scope, parent, type.name, item.key);
  if (existing) {
    const change = mergeObservableValues(existing, values, now);
    if (!change) return existing;
    await updateObservable(trx, scope, existing.id, {
      ...change,
      updated_at: now,
      updated_by: ctx.actor.login,
    });
    if (change.tags !== undefined) {
      await replaceTags(
        trx,
        scope.organisationId,
        'observable',
        existing.id,
        JSON.parse(change.tags as string) as string[],
      );
    }
    audit.push({
      action: 'update',
      objectType: 'Observable',
      objectId: formatId(existing.id),
      rootId,
      details: auditDetails(change),
    });
    const updated = { ...existing, ...change, updated_at: now, updated_by: ctx.actor.login } as ObservableRow;
    parent.written?.set(memoKey, updated);
    return updated;
  }
  let attachmentId: number | null = null;
  if (item.file) {
    const att = await insertAttachment(trx, {
      organisation_id: scope.organisationId,
      blob_sha256: item.file.hashes.sha256,
      name: item.file.name,
      content_type: item.file.contentType,
      size: item.file.hashes.size,
      created_at: now,
      created_by: ctx.actor.login,
    });
    attachmentId = att.id;
  }
  const row = await insertObservable(
    trx,
    newObservableRow(scope, parent, prepared, item, now, ctx.actor.login, attachmentId),
  );
  await insertTags(trx, scope.organisationId, 'observable', row.id, f.tags);
  if (parent.kind === 'case') await autoShareNew(trx, parent.id, 'observable', [row.id]);
  parent.written?.set(memoKey, row);
  const details = creationDetails(type, item, f, row);
  audit.push({ action: 'create', objectType: 'Observable', objectId: formatId(row.id), rootId, details });
  return row;
}

/** The columns a later duplicate may change (merge-rule.ts), as a new observable starts them. */
function mutableValues(f: CommonFields, now: number) {
  return {
    tags: JSON.stringify(f.tags),
    ioc: f.ioc ? 1 : 0,
    sighted: f.sighted ? 1 : 0,
    sighted_at: f.sighted ? (f.sightedAt ?? now) : null,
    message: f.message,
    start_date: f.startDate ?? now,
    reports: '{}',
  };
}

/** The row of a new observable of `parent`: one item of `prepared`. */
export function newObservableRow(
  scope: Scope,
  parent: ObservableParent,
  { type, fields: f }: Pick<PreparedObservables, 'type' | 'fields'>,
  item: Item,
  now: number,
  login: string,
  attachmentId: number | null = null,
): Insertable<ObservableTable> {
  return {
    organisation_id: scope.organisationId,
    case_id: parent.kind === 'case' ? parent.id : null,
    alert_id: parent.kind === 'alert' ? parent.id : null,
    data_type: type.name,
    data: item.data,
    data_key: item.key,
    attachment_id: attachmentId,
    tlp: f.tlp,
    pap: f.pap,
    ignore_similarity: f.ignoreSimilarity ? 1 : 0,
    ...mutableValues(f, now),
    created_at: now,
    created_by: login,
    updated_at: null,
    updated_by: null,
  };
}

/** Audit details of a created observable. */
export function creationDetails(
  type: ObservableTypeRow,
  item: Item,
  f: CommonFields,
  row: Pick<ObservableRow, 'start_date'>,
): Record<string, unknown> {
  const details: Record<string, unknown> = {
    dataType: type.name,
    tlp: f.tlp,
    pap: f.pap,
    tags: f.tags,
    ioc: f.ioc,
    sighted: f.sighted,
    ignoreSimilarity: f.ignoreSimilarity,
    startDate: row.start_date,
  };
  if (item.data !== null) details.data = item.data;
  if (item.file)
    details.attachment = { name: item.file.name, id: item.file.hashes.sha256, size: item.file.hashes.size };
  if (f.message !== null) details.message = f.message;
  return details;
}

/** Audit details in API field names. */
export function auditDetails(change: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = {
    tags: 'tags',
    ioc: 'ioc',
    sighted: 'sighted',
    sighted_at: 'sightedAt',
    message: 'message',
    start_date: 'startDate',
    reports: 'reports',
    tlp: 'tlp',
    pap: 'pap',
    ignore_similarity: 'ignoreSimilarity',
    data_type: 'dataType',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(change)) {
    if (k === 'updated_at' || k === 'updated_by' || k === 'data_key') continue;
    const name = names[k] ?? k;
    if (k === 'tags' || k === 'reports') out[name] = JSON.parse(String(v));
    else if (k === 'ioc' || k === 'sighted' || k === 'ignore_similarity') out[name] = v === 1;
    else out[name] = v;
  }
  return out;
}
