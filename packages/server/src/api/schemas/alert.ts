/**
 * Alert bodies as v1 (TheHive 5, thehive4py 2.x) and v0 (TheHive 3/4, thehive4py 1.x, SIEM
 * alerters) clients send them, and their mapping onto the one internal model (alert-input.ts).
 */

import {
  badRequest,
  DateMs,
  Int32,
  isTlpV0Input,
  LongText,
  MAX_ALERT_SOURCE,
  MAX_ALERT_SOURCE_REF,
  MAX_ALERT_TYPE,
  MAX_LINK,
  MAX_LOGIN,
  MAX_NAME,
  MAX_OBSERVABLES,
  MAX_TITLE,
  MAX_WORD,
  OptionalNullable,
  Tags,
  Text,
  tlpFromV0,
} from '@propolis/core';
import { type Static, Type } from 'typebox';
import type { AlertRow } from '../../db/repositories/alerts.js';
import type { AlertInput, AlertUpdate } from '../../domain/alerts/alert-input.js';
import type { CreateObservableInput } from '../../domain/observables/observable-input.js';
import { CreateObservableBody, withoutNulls } from '../shared/observable-request.js';

const Str = Text;
const nullable = OptionalNullable;
const Observables = Type.Array(CreateObservableBody, { maxItems: MAX_OBSERVABLES });

const fields = {
  type: Type.Optional(Str(MAX_ALERT_TYPE)),
  source: Type.Optional(Str(MAX_ALERT_SOURCE)),
  sourceRef: Type.Optional(Str(MAX_ALERT_SOURCE_REF)),
  externalLink: nullable(Str(MAX_LINK)),
  title: Type.Optional(Str(MAX_TITLE)),
  description: Type.Optional(LongText),
  severity: Type.Optional(Int32()),
  date: Type.Optional(DateMs()),
  lastSyncDate: Type.Optional(DateMs()),
  tags: Type.Optional(Tags),
  flag: Type.Optional(Type.Boolean()),
  tlp: Type.Optional(Int32()),
  pap: Type.Optional(Int32()),
  status: Type.Optional(Str(MAX_WORD)),
  summary: nullable(LongText),
  assignee: nullable(Str(MAX_LOGIN)),
  caseTemplate: nullable(Str(MAX_NAME)),
  follow: Type.Optional(Type.Boolean()),
  customFields: Type.Optional(Type.Unknown()),
};

/** v1 InputAlert (+ `observables`; `procedures` are accepted and ignored). */
export const AlertBodyV1 = Type.Object({ ...fields, observables: Type.Optional(Observables) });

/** v1 InputUpdateAlert / InputBulkUpdateAlert (without ids). */
export const AlertUpdateBodyV1 = Type.Object({
  ...fields,
  addTags: Type.Optional(Tags),
  removeTags: Type.Optional(Tags),
});

/** v0 alert (TheHive 3/4): `artifacts`, TLP 0–3; thehive4py 1.x sends unset fields as null. */
export const AlertBodyV0 = Type.Object({
  type: nullable(Str(MAX_ALERT_TYPE)),
  source: nullable(Str(MAX_ALERT_SOURCE)),
  sourceRef: nullable(Str(MAX_ALERT_SOURCE_REF)),
  externalLink: nullable(Str(MAX_LINK)),
  title: nullable(Str(MAX_TITLE)),
  description: nullable(LongText),
  severity: nullable(Int32()),
  date: nullable(DateMs()),
  lastSyncDate: nullable(DateMs()),
  tags: nullable(Tags),
  flag: nullable(Type.Boolean()),
  tlp: nullable(Int32()),
  pap: nullable(Int32()),
  status: nullable(Str(MAX_WORD)),
  summary: nullable(LongText),
  caseTemplate: nullable(Str(MAX_NAME)),
  follow: nullable(Type.Boolean()),
  customFields: Type.Optional(Type.Unknown()),
  artifacts: nullable(Observables),
  owner: nullable(Str(MAX_LOGIN)),
});

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
  const { observables, ...rest } = body as Static<typeof AlertBodyV1> & { procedures?: unknown };
  delete (rest as { procedures?: unknown }).procedures;
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
