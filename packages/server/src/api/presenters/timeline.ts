/**
 * Timelines and custom events on the wire (TheHive 5 OutputTimeline, OutputCustomEvent).
 */
import { type CustomEventOutput, formatId, type TimelineOutput } from '@propolis/core';
import type { CustomEventRow } from '../../db/repositories/custom-events.js';
import type { TimelineEvent } from '../../domain/timeline/read-timeline.js';
import { auditedRow, metaV1, optional } from './meta.js';

export const timelineV1 = (events: TimelineEvent[]): TimelineOutput => ({ events });

export function customEventV1(row: CustomEventRow): CustomEventOutput {
  const out: CustomEventOutput = {
    ...metaV1(formatId(row.id), 'CustomEvent', auditedRow(row)),
    date: row.date,
    title: row.title,
  };
  optional(out, 'endDate', row.end_date);
  optional(out, 'description', row.description);
  return out;
}
