/**
 * The actor feeders write as: the system user, inside the feeder's organisation, with only the
 * permissions that creating alerts and acting on them needs. The request id names the feeder, so
 * the audit trail tells which feeder wrote what.
 */
import { effectivePermissions } from '@propolis/core';
import type { RequestContext } from '../context.js';
import { SYSTEM_LOGIN } from '../context.js';

const FEEDER_PERMISSIONS: ReadonlySet<string> = new Set(
  effectivePermissions(['manageAlert', 'manageObservable', 'manageCase', 'manageTask', 'manageTag']),
);

export function feederContext(
  feeder: string,
  organisation: { id: number; name: string },
  requestId = `feeder:${feeder}`,
): RequestContext {
  return {
    requestId,
    actor: {
      userId: 0,
      login: SYSTEM_LOGIN,
      name: `Feeder ${feeder}`,
      organisationId: organisation.id,
      organisationName: organisation.name,
      profileName: 'feeder',
      permissions: FEEDER_PERMISSIONS,
    },
  };
}
