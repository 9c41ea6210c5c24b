/** A case's timeline and its custom events (TheHive 5 routes, docs/collaboration.md). */
import type { TimelineOutput } from '@propolis/core';
import { client } from './http';

export type Timeline = TimelineOutput;
export type TimelineEvent = TimelineOutput['events'][number];

export const timeline = {
  ofCase: (caseId: string) => client.timeline.get(caseId),
  addEvent: (caseId: string, body: { date: number; title: string; description?: string }) =>
    client.timeline.addEvent(caseId, body),
  removeEvent: (id: string) => client.timeline.deleteEvent(id),
};
