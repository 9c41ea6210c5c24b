/**
 * Alert bodies as v1 (TheHive 5, thehive4py 2.x) and v0 (TheHive 3/4, thehive4py 1.x, SIEM
 * alerters) clients send them, and their mapping onto the one internal model (alert-input.ts).
 */

import {
  type AlertBodyV0,
  type AlertBodyV1,
  type AlertUpdateBodyV1,
  badRequest,
  isTlpV0Input,
  tlpFromV0,
} from '@propolis/core';
import type { Static } from 'typebox';
import type { AlertRow } from '../../db/repositories/alerts.js';
import type { AlertInput, AlertUpdate } from '../../domain/alerts/alert-input.js';
import type { CreateObservableInput } from '../../domain/observables/observable-input.js';
import { withoutNulls } from '../shared/observable-request.js';

const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const observableFromV1 = (o: unknown) => withoutNulls(o) as CreateObservableInput;

function observableFromV0(o: unknown, i: number): CreateObservableInput {
  const input = withoutNulls(o) as CreateObservableInput;
  if (input.tlp === undefined || input.tlp === null) return input;
  if (!isTlpV0Input(input.tlp)) throw badRequest(`artifacts[${i}].tlp: must be an integer from 0 to 3`);
  return { ...input, tlp: tlpFromV0(input.tlp) };
}

export function alertFromV1(body: Static<typeof AlertBodyV1>): AlertInput {
  const { observables, ...rest } = body as Static<typeof AlertBodyV1>;
  return clean({ ...(rest as AlertInput), observables: observables?.map(observableFromV1) });
}

export const alertUpdateFromV1 = (body: Static<typeof AlertUpdateBodyV1>): AlertUpdate =>
  clean({ ...(body as AlertUpdate) });

/** v0 create or update: TLP mapped from 0–3 (against the current value), `artifacts` → observables, `owner` → assignee. */
export function alertFromV0(body: Static<typeof AlertBodyV0>, current?: AlertRow): AlertInput & AlertUpdate {
  const { artifacts, owner, tlp, status, ...rest } = withoutNulls(body) as Static<typeof AlertBodyV0>;
  if (tlp !== undefined && tlp !== null && !isTlpV0Input(tlp))
    throw badRequest('tlp: must be an integer from 0 to 3');
  return clean({
    ...(rest as AlertInput),
    tlp: tlp === undefined || tlp === null ? undefined : tlpFromV0(tlp, current?.tlp),
    assignee: owner ?? undefined,
    // TheHive 3 ignores `status` on creation; on update it is v0's vocabulary.
    status: current ? (status ?? undefined) : undefined,
    statusIsV0: current && status ? true : undefined,
    observables: artifacts?.map(observableFromV0),
  });
}
