/**
 * The MISP connector (`/api/v1/connector/misp`): the configured MISP servers and their state, a
 * synchronisation now (platform administration), and a case exported to a MISP server as an event.
 */
import type { MispServerStatusOutput, MispStatusOutput } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

/** `GET /connector/misp/status`: the servers, and TheHive 4's `status` map (name → OK | ERROR). */
export type MispStatus = MispStatusOutput;
export type MispServerStatus = MispServerStatusOutput;

export class MispResource extends Resource {
  status(options: CallOptions = {}): Promise<MispStatus> {
    return this.t.json({ method: 'GET', path: `${V1}/connector/misp/status` }, options);
  }

  /** Polls every MISP server for new events now (platform administration). */
  syncAlerts(options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'GET', path: `${V1}/connector/misp/_syncAlerts` }, options);
  }

  /** Exports the case to the named MISP server; answers what MISP answered. */
  exportCase(caseId: string | number, mispName: string, options: CallOptions = {}): Promise<object[]> {
    return this.t.json(
      { method: 'POST', path: `${V1}/connector/misp/export/${seg(caseId)}/${seg(mispName)}` },
      options,
    );
  }
}
