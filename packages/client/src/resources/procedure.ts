/**
 * Procedures (`/api/v1/procedure`): an ATT&CK pattern seen in a case or an alert, when, with which
 * tactic. Added one by one or in bulk, listed through the query API.
 */
import type { ProcedureBody, ProcedureOutput, UpdateProcedureBody } from '@propolis/core';
import type { FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

type Owner = 'case' | 'alert';

export class ProcedureResource extends Resource {
  addToCase(caseId: string | number, procedure: ProcedureBody, options: CallOptions = {}) {
    return this.add('case', caseId, procedure, options);
  }

  addToAlert(alertId: string, procedure: ProcedureBody, options: CallOptions = {}) {
    return this.add('alert', alertId, procedure, options);
  }

  /** Adds several procedures at once (all or none). */
  addManyToCase(caseId: string | number, procedures: readonly ProcedureBody[], options: CallOptions = {}) {
    return this.addMany('case', caseId, procedures, options);
  }

  addManyToAlert(alertId: string, procedures: readonly ProcedureBody[], options: CallOptions = {}) {
    return this.addMany('alert', alertId, procedures, options);
  }

  get(id: string, options: CallOptions = {}): Promise<ProcedureOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/procedure/${seg(id)}` }, options);
  }

  update(id: string, fields: UpdateProcedureBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/procedure/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/procedure/${seg(id)}` }, options);
  }

  bulkDelete(ids: readonly string[], options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'POST', path: `${V1}/procedure/delete/_bulk`, json: { ids } }, options);
  }

  ofCase(caseId: string | number, options: FindOptions = {}): Promise<ProcedureOutput[]> {
    return this.under<ProcedureOutput>('getCase', caseId, 'procedures').find(options);
  }

  ofAlert(alertId: string, options: FindOptions = {}): Promise<ProcedureOutput[]> {
    return this.under<ProcedureOutput>('getAlert', alertId, 'procedures').find(options);
  }

  private add(owner: Owner, id: string | number, procedure: ProcedureBody, options: CallOptions) {
    return this.t.json<ProcedureOutput>(
      { method: 'POST', path: `${V1}/${owner}/${seg(id)}/procedure`, json: procedure },
      options,
    );
  }

  private addMany(
    owner: Owner,
    id: string | number,
    procedures: readonly ProcedureBody[],
    options: CallOptions,
  ) {
    return this.t.json<ProcedureOutput[]>(
      { method: 'POST', path: `${V1}/${owner}/${seg(id)}/procedures`, json: { procedures } },
      options,
    );
  }
}
