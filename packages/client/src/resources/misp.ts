/**
 * The MISP connector (`/api/v1/connector/misp`): the configured MISP servers and their state, a
 * synchronisation now (platform administration), and a case exported to a MISP server as an event.
 * The status is typed here, after the server's MispService.status(): its route describes it as an
 * open JSON object (no schema in @propolis/core yet).
 */
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

/** One configured MISP server, as the status route reports it. */
export interface MispServerStatus {
  name: string;
  url: string;
  /** `import`, `export` or both, as configured. */
  purpose: string;
  status: 'OK' | 'ERROR';
  version?: string;
  error?: string;
  cursor: number | null;
  importedCount: number;
  updatedCount: number;
  lastSyncAt: number | null;
  lastError: string | null;
}

/** `GET /connector/misp/status`: the servers, and TheHive 4's `status` map (name → OK | ERROR). */
export interface MispStatus {
  enabled: boolean;
  servers: MispServerStatus[];
  syncInProgress: boolean;
  status: Record<string, 'OK' | 'ERROR'>;
}

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
