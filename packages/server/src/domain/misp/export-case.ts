/**
 * Exports a case to a MISP server: its observables (IOCs only unless the server says otherwise)
 * become the attributes of a MISP event (files as `attachment` attributes carrying the file), created the first time and updated afterwards (the
 * attributes it lacks are added). The MISP calls are made by the connector handed in; once MISP
 * has answered, one transaction records the export, tags the case `misp:<server>` and writes the
 * audit rows. Answers the attributes sent.
 */
import { formatId, notFound, PropolisError } from '@propolis/core';
import { blobStore } from '../../blobs/blob-store.js';
import { attachmentsByIds } from '../../db/repositories/attachments.js';
import { updateCase as updateCaseRow } from '../../db/repositories/cases.js';
import { findMispExport, saveMispExport } from '../../db/repositories/misp.js';
import { observablesOfCase } from '../../db/repositories/observables.js';
import { replaceTags } from '../../db/repositories/tags.js';
import { appendAudit } from '../../events/audit.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export interface CaseForExport {
  number: number;
  title: string;
  description: string;
  severity: number;
  tlp: number;
  startDate: number;
  tags: string[];
}

export interface ObservableForExport {
  dataType: string;
  data: string | null;
  message: string | null;
  ioc: boolean;
  tags: string[];
  /** A file observable's file (exported as a MISP `attachment`). */
  file?: { name: string; content: Buffer };
}

/** What the connector does for one server; it throws a PropolisError (BadGateway) when MISP fails. */
export interface MispExportTarget {
  name: string;
  exportOnlyIocs: boolean;
  export(
    kase: CaseForExport,
    observables: ObservableForExport[],
    previousEventId: string | undefined,
  ): Promise<{ eventId: string; eventUuid?: string; attributes: unknown[] }>;
}

const parseTags = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
};

export async function exportCaseToMisp(
  deps: Deps,
  ctx: RequestContext,
  caseIdOrNumber: string,
  target: MispExportTarget | undefined,
  serverName: string,
): Promise<unknown[]> {
  requirePermission(ctx, 'manageCase/update');
  const kase = await visibleCase(deps.db, ctx, caseIdOrNumber);
  if (!target) throw notFound(`MISP server ${serverName} not found`);
  const scope = scopeOf(ctx);
  const rows = (await observablesOfCase(deps.db, scope, kase.id)).filter(
    (o) => !target.exportOnlyIocs || o.ioc === 1,
  );
  const attachments = await attachmentsByIds(
    deps.db,
    scope,
    rows.map((o) => o.attachment_id).filter((a): a is number => a !== null),
  );
  const store = blobStore(deps.config);
  const observables: ObservableForExport[] = [];
  for (const o of rows) {
    const attachment = o.attachment_id === null ? undefined : attachments.get(o.attachment_id);
    const content = attachment ? await store.get(deps.db, attachment.blob_sha256) : undefined;
    observables.push({
      dataType: o.data_type,
      data: o.data,
      message: o.message,
      ioc: o.ioc === 1,
      tags: parseTags(o.tags),
      ...(attachment && content ? { file: { name: attachment.name, content: Buffer.from(content) } } : {}),
    });
  }
  const previous = await findMispExport(deps.db, scope, kase.id, target.name);
  const tags = parseTags(kase.tags);
  const result = await target.export(
    {
      number: kase.number,
      title: kase.title,
      description: kase.description,
      severity: kase.severity,
      tlp: kase.tlp,
      startDate: kase.start_date,
      tags,
    },
    observables,
    previous?.event_id,
  );
  const now = Date.now();
  const exportTag = `misp:${target.name}`;
  await inTransaction(deps, async (trx) => {
    await saveMispExport(trx, {
      organisation_id: scope.organisationId,
      case_id: kase.id,
      server: target.name,
      event_id: result.eventId,
      event_uuid: result.eventUuid ?? null,
      exported_at: now,
      exported_by: ctx.actor.login,
    });
    const details: Record<string, unknown> = {
      mispExport: { server: target.name, eventId: result.eventId, attributes: result.attributes.length },
    };
    const set: Record<string, unknown> = { updated_at: now, updated_by: ctx.actor.login };
    if (!tags.includes(exportTag)) {
      const next = [...tags, exportTag];
      set.tags = JSON.stringify(next);
      details.tags = next;
      await replaceTags(trx, scope.organisationId, 'case', kase.id, next);
    }
    await updateCaseRow(trx, scope, kase.id, set);
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'Case', objectId: formatId(kase.id), details },
    ]);
  });
  return result.attributes;
}

export const mispGatewayError = (message: string) => new PropolisError('BadGateway', message);
