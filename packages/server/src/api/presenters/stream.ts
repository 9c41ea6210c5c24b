/**
 * Live stream and flow elements as TheHive's UI reads them: one element per request, `base` = the
 * request's main audit in the v0 audit shape with `object` (the entity as v0 renders it today, when
 * it still exists and is of a kind domain/stream/audit-objects.ts read), `summary` = how many
 * objects of each (v0) type the request created, updated or deleted.
 */

import { formatId, type StreamElement } from '@propolis/core';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import type { StreamEvents } from '../../domain/stream/audit-objects.js';
import { type Item, type Row, renderRows } from '../query/render.js';
import { auditV0 } from './audit.js';

function summaryOf(rows: readonly AuditRow[]): StreamElement['summary'] {
  const out: StreamElement['summary'] = {};
  for (const r of rows) {
    const v0 = auditV0(r);
    const byOperation = out[v0.objectType] ?? {};
    byOperation[v0.operation] = (byOperation[v0.operation] ?? 0) + 1;
    out[v0.objectType] = byOperation;
  }
  return out;
}

/** The elements of these requests, with their objects rendered as v0 renders them. */
export async function renderStreamElements(
  deps: Deps,
  ctx: RequestContext,
  { requests, objects }: StreamEvents,
): Promise<StreamElement[]> {
  const rendered = new Map<string, Item>();
  for (const [entity, rows] of objects.rows) {
    const items = await renderRows(deps, ctx, entity, 'v0', rows as unknown as Row[]);
    for (const item of items) rendered.set(`${entity}:${String(item._id)}`, item);
  }
  return requests.map(({ main, rows }) => {
    const target = objects.of.get(main.id);
    const object = target ? rendered.get(`${target.entity}:${formatId(target.id)}`) : undefined;
    return { base: { ...auditV0(main), ...(object ? { object } : {}) }, summary: summaryOf(rows) };
  });
}
