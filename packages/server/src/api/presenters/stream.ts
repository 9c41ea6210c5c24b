/**
 * Live stream and flow elements as TheHive's UI reads them: one element per request, `base` = the
 * request's main audit in the v0 audit shape, `summary` = how many objects of each (v0) type the
 * request created, updated or deleted. The entity itself (`base.object`) is not included: clients
 * read it when they need it.
 */
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import { auditV0 } from './audit.js';

type V0Audit = ReturnType<typeof auditV0>;

export interface StreamElement {
  base: V0Audit;
  summary: Record<string, Record<string, number>>;
}

function summaryOf(rows: AuditRow[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const v0 = auditV0(r);
    const byOperation = out[v0.objectType] ?? {};
    byOperation[v0.operation] = (byOperation[v0.operation] ?? 0) + 1;
    out[v0.objectType] = byOperation;
  }
  return out;
}

/** Groups rows by request, in the order of each request's first row. */
export function streamElements(rows: readonly AuditRow[]): StreamElement[] {
  const groups = new Map<string, AuditRow[]>();
  for (const r of rows) {
    const group = groups.get(r.request_id);
    if (group) group.push(r);
    else groups.set(r.request_id, [r]);
  }
  return [...groups.values()].map((group) => ({
    base: auditV0(group.find((r) => r.main_action === 1) ?? group[0]!),
    summary: summaryOf(group),
  }));
}

/** A flow entry: the request's main audit and the summary of all its rows. */
export function flowElement(main: AuditRow, rows: readonly AuditRow[]): StreamElement {
  return { base: auditV0(main), summary: summaryOf([...rows]) };
}
