/** A case's timeline and its custom events (TheHive 5 routes, docs/collaboration.md). */
import type { CustomEventOutput, TimelineOutput } from '@propolis/core';
import { del, get, post } from './request';

export type Timeline = TimelineOutput;
export type TimelineEvent = TimelineOutput['events'][number];
const enc = encodeURIComponent;

export const timeline = {
  ofCase: (caseId: string) => get<Timeline>(`/api/v1/case/${enc(caseId)}/timeline`),
  addEvent: (caseId: string, body: { date: number; title: string; description?: string }) =>
    post<CustomEventOutput>(`/api/v1/case/${enc(caseId)}/customEvent`, body),
  removeEvent: (id: string) => del<void>(`/api/v1/customEvent/${enc(id)}`),
};
