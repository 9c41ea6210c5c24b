/**
 * A TAXII 2.1 write (docs/stix-taxii.md#writing-to-the-inbox): the objects of an envelope POSTed
 * to a writable collection are checked by the STIX 2.1 rules and become one alert of the caller's
 * organisation (`type` taxii) with its observables, as `POST /api/v1/stix/import` makes them. The
 * answer is a TAXII status resource, kept so that `GET {root}/status/{id}/` gives it again. The
 * write is processed before the answer, so the status is `complete`: every object succeeded (the
 * alert was committed) or every object failed (nothing was written) with the reason.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, formatId, notFound, PropolisError } from '@propolis/core';
import { findTaxiiStatus, insertTaxiiStatus } from '../../db/repositories/taxii.js';
import { checkStixBundle } from '../../intel/stix-import.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { importStixBundle } from './import-stix.js';
import { writableCollection } from './taxii.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

export interface TaxiiStatus {
  id: string;
  status: 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: StatusDetail[];
  failure_count: number;
  failures: StatusDetail[];
  pending_count: 0;
  pendings: StatusDetail[];
}

export async function writeTaxiiEnvelope(
  deps: Deps,
  ctx: RequestContext,
  collectionId: string,
  envelope: unknown,
): Promise<TaxiiStatus> {
  writableCollection(deps, ctx, collectionId);
  requirePermission(ctx, 'manageAlert/create');
  if (!isObj(envelope) || !Array.isArray(envelope.objects) || envelope.objects.length === 0)
    throw badRequest('the body must be a TAXII envelope: {"objects": [one or more STIX 2.1 objects]}');
  const id = randomUUID();
  const requestTimestamp = new Date().toISOString();
  const objects = envelope.objects as unknown[];
  const details = objects.map(
    (o): StatusDetail => ({
      id: isObj(o) && typeof o.id === 'string' ? o.id : '',
      version:
        isObj(o) && typeof (o.modified ?? o.created) === 'string'
          ? String(o.modified ?? o.created)
          : requestTimestamp,
    }),
  );
  const bundle = { type: 'bundle', id: `bundle--${id}`, objects };
  let failure: string | undefined;
  const problems = checkStixBundle(bundle);
  if (problems.length) failure = `Invalid STIX 2.1 objects: ${problems.join('; ')}`;
  else {
    try {
      const result = await importStixBundle(deps, ctx, bundle, { as: 'alert', origin: { type: 'taxii' } });
      if ('alert' in result) for (const d of details) d.message = `alert ${formatId(result.alert.row.id)}`;
    } catch (error) {
      // the caller's objects cannot be stored (already imported, unknown template): said per object
      if (!(error instanceof PropolisError) || error.status >= 500) throw error;
      failure = error.message;
    }
  }
  const status: TaxiiStatus = {
    id,
    status: 'complete',
    request_timestamp: requestTimestamp,
    total_count: objects.length,
    success_count: failure ? 0 : objects.length,
    successes: failure ? [] : details,
    failure_count: failure ? objects.length : 0,
    failures: failure ? details.map((d) => ({ ...d, message: failure })) : [],
    pending_count: 0,
    pendings: [],
  };
  await insertTaxiiStatus(deps.db, scopeOf(ctx), { id, collectionId, body: status, at: Date.now() });
  return status;
}

/** A status resource of the caller's organisation. */
export async function readTaxiiStatus(deps: Deps, ctx: RequestContext, id: string): Promise<TaxiiStatus> {
  const status = await findTaxiiStatus(deps.db, scopeOf(ctx), id);
  if (!status) throw notFound(`Status ${id} not found`);
  return status as TaxiiStatus;
}
