/**
 * A request to a webhook feeder: the sender proves itself with the feeder's token; the body goes
 * through the feeder's JSONata mapping, and the alerts it gives are stored. A mapping that fails is
 * recorded as a failure of the feeder (with its reason) and answered 400 with the same reason.
 */
import { timingSafeEqual } from 'node:crypto';
import { badRequest, forbidden, PropolisError, unauthenticated } from '@propolis/core';
import { createWebhookMapping, errorMessage, MappingError } from '@propolis/feeder';
import {
  findFeederRow,
  insertFeederFailures,
  recordFeederError,
  recordFeederProgress,
} from '../../db/repositories/feeders.js';
import type { Deps } from '../deps.js';
import { definitionOf, isEnabled } from './feeder-view.js';
import { storeDrafts } from './store-drafts.js';

export interface WebhookResult {
  created: number;
  duplicates: number;
  failed: number;
  alerts: string[];
  failures: Array<{ ref: string; reason: string }>;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function receiveWebhook(
  deps: Deps,
  name: string,
  token: string | undefined,
  body: unknown,
  requestId: string,
): Promise<WebhookResult> {
  const row = await findFeederRow(deps.db, name);
  const def = row ? definitionOf(row) : undefined;
  // An unknown feeder and a wrong token get the same answer: the route reveals no feeder names.
  if (!row || !def || def.kind !== 'webhook' || !token || !sameToken(token, def.settings.token))
    throw unauthenticated('Unknown webhook feeder or wrong token');
  if (!isEnabled(row, def)) throw forbidden(`Feeder ${name} is disabled`);
  const now = Date.now();
  if (body === undefined) throw badRequest('The webhook needs a JSON body');
  let drafts: Awaited<ReturnType<ReturnType<typeof createWebhookMapping>['apply']>>;
  try {
    drafts = await createWebhookMapping(def).apply(body);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    await insertFeederFailures(deps.db, name, [{ ref: `request ${requestId}`, reason: error.message }], now);
    await recordFeederProgress(deps.db, name, { created: 0, duplicates: 0, failed: 1, now });
    throw badRequest(error.message);
  }
  try {
    const stored = await storeDrafts(deps, name, def.organisation, drafts);
    await insertFeederFailures(deps.db, name, stored.failures, now);
    await recordFeederProgress(deps.db, name, {
      created: stored.created,
      duplicates: stored.duplicates,
      failed: stored.failed,
      now,
    });
    return {
      created: stored.created,
      duplicates: stored.duplicates,
      failed: stored.failed,
      alerts: stored.alertIds,
      failures: stored.failures,
    };
  } catch (error) {
    if (error instanceof PropolisError) throw error;
    await recordFeederError(deps.db, name, errorMessage(error), now).catch(() => {});
    throw error;
  }
}
