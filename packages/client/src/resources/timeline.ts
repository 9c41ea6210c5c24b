/**
 * A case's timeline (`/api/v1/case/{id}/timeline`): what happened to the case and its tasks,
 * observables and procedures, with the custom events analysts add (`/api/v1/customEvent`).
 */
import type {
  CustomEventBody,
  CustomEventOutput,
  TimelineOutput,
  UpdateCustomEventBody,
} from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class TimelineResource extends Resource {
  /** The case's events, oldest first. */
  get(caseId: string | number, options: CallOptions = {}): Promise<TimelineOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/timeline` }, options);
  }

  addEvent(
    caseId: string | number,
    event: CustomEventBody,
    options: CallOptions = {},
  ): Promise<CustomEventOutput> {
    return this.t.json(
      { method: 'POST', path: `${V1}/case/${seg(caseId)}/customEvent`, json: event },
      options,
    );
  }

  updateEvent(id: string, fields: UpdateCustomEventBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/customEvent/${seg(id)}`, json: fields }, options);
  }

  deleteEvent(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/customEvent/${seg(id)}` }, options);
  }
}
