/**
 * What happens when the same observable (same data type, same data or file) arrives again in a
 * case, from a second POST or from a case merge. The case keeps ONE observable:
 *
 * - tags: union (existing order first);
 * - ioc, sighted: OR; sightedAt: the earliest known, or now when it becomes sighted;
 * - message: the existing one is kept when the new one is empty or the same; an empty existing
 *   message takes the new one; two different messages are joined with a blank line;
 * - startDate: the earliest;
 * - reports: analyzer reports of both, the existing report winning for the same analyzer;
 * - tlp, pap, ignoreSimilarity: the existing observable's values are kept.
 */
import type { Updateable } from 'kysely';
import type { ObservableTable } from '../../db/schema.js';

export interface MergeableValues {
  tags: string;
  ioc: number;
  sighted: number;
  sighted_at: number | null;
  message: string | null;
  start_date: number;
  reports: string;
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const parseObject = (json: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The column changes that merge `incoming` into `existing`, or undefined when nothing changes. */
export function mergeObservableValues(
  existing: MergeableValues,
  incoming: MergeableValues,
  now: number,
): Updateable<ObservableTable> | undefined {
  const change: Updateable<ObservableTable> = {};
  const tags = parseList(existing.tags);
  const union = [...new Set([...tags, ...parseList(incoming.tags)])];
  if (union.length !== tags.length) change.tags = JSON.stringify(union);
  if (!existing.ioc && incoming.ioc) change.ioc = 1;
  if (!existing.sighted && incoming.sighted) {
    change.sighted = 1;
    change.sighted_at = incoming.sighted_at ?? now;
  } else if (existing.sighted && incoming.sighted && incoming.sighted_at !== null) {
    if (existing.sighted_at === null || incoming.sighted_at < existing.sighted_at)
      change.sighted_at = incoming.sighted_at;
  }
  const oldMessage = existing.message?.trim() ?? '';
  const newMessage = incoming.message?.trim() ?? '';
  if (newMessage && newMessage !== oldMessage) {
    if (!oldMessage) change.message = incoming.message;
    else if (!oldMessage.split(/\n\n/).includes(newMessage))
      change.message = `${existing.message}\n\n${incoming.message}`;
  }
  if (incoming.start_date < existing.start_date) change.start_date = incoming.start_date;
  const reports = parseObject(existing.reports);
  const incomingReports = parseObject(incoming.reports);
  const added = Object.keys(incomingReports).filter((k) => !(k in reports));
  if (added.length > 0) change.reports = JSON.stringify({ ...incomingReports, ...reports });
  return Object.keys(change).length > 0 ? change : undefined;
}
