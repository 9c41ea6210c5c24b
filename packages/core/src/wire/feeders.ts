/**
 * Feeders and workflows (platform administration, `/api/v1/feeder`, `/api/v1/workflow`): feeder
 * definitions and their health, rejected items, the answer of a feeder's webhook, and workflow
 * rules with their figures and dry runs.
 */
import { type Static, Type } from 'typebox';
import { Nullable } from './fields.js';

/** A definition: `name`, `kind`, `organisation`, `enabled`, `alert` and the kind's own settings. */
export const FeederBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.String({ minLength: 1, maxLength: 32 }),
    organisation: Type.String({ minLength: 1, maxLength: 255 }),
    enabled: Type.Optional(Type.Boolean()),
    alert: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);
export type FeederBody = Static<typeof FeederBody> & Record<string, unknown>;

export const FeederPatch = Type.Object(
  { enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: true },
);
export type FeederPatch = Static<typeof FeederPatch> & Record<string, unknown>;

export const FeederOutput = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  organisation: Type.String(),
  origin: Type.Union([Type.Literal('config'), Type.Literal('api')]),
  enabled: Type.Boolean(),
  definition: Type.Object({}, { additionalProperties: true }),
  status: Type.Object({
    health: Type.Union([
      Type.Literal('OK'),
      Type.Literal('Idle'),
      Type.Literal('Error'),
      Type.Literal('Disabled'),
    ]),
    created: Type.Number(),
    duplicates: Type.Number(),
    failed: Type.Number(),
    lag: Nullable(Type.Number()),
    lastRunAt: Nullable(Type.Number()),
    lastSuccessAt: Nullable(Type.Number()),
    lastError: Nullable(Type.String()),
    lastErrorAt: Nullable(Type.Number()),
    runningOn: Nullable(Type.String()),
    leaseUntil: Nullable(Type.Number()),
  }),
});
export type FeederOutput = Static<typeof FeederOutput>;

export const FeederFailureOutput = Type.Object({
  _id: Type.String(),
  ref: Type.String(),
  reason: Type.String(),
  date: Type.Number(),
});
export type FeederFailureOutput = Static<typeof FeederFailureOutput>;

export const FeederFailuresQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

/** The answer of POST /feeder/{name}/webhook. */
export const FeederWebhookOutput = Type.Object({
  created: Type.Number(),
  duplicates: Type.Number(),
  failed: Type.Number(),
  alerts: Type.Array(Type.String()),
  failures: Type.Array(Type.Object({ ref: Type.String(), reason: Type.String() })),
});
export type FeederWebhookOutput = Static<typeof FeederWebhookOutput>;

export const WorkflowOutput = Type.Object({
  name: Type.String(),
  organisation: Type.String(),
  origin: Type.Union([Type.Literal('config'), Type.Literal('api')]),
  enabled: Type.Boolean(),
  event: Type.String(),
  filter: Type.Unknown(),
  actions: Type.Array(Type.String()),
  status: Type.Object({
    cursor: Type.Number(),
    matched: Type.Number(),
    failed: Type.Number(),
    lastRunAt: Nullable(Type.Number()),
    lastError: Nullable(Type.String()),
    lastErrorAt: Nullable(Type.Number()),
    runningOn: Nullable(Type.String()),
  }),
});
export type WorkflowOutput = Static<typeof WorkflowOutput>;

/**
 * A workflow as written in the configuration file (`name`, `organisation`, `enabled`, `when`,
 * `actions`); the server checks it field by field.
 */
export const WorkflowBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    organisation: Type.String({ minLength: 1, maxLength: 128 }),
    enabled: Type.Optional(Type.Boolean()),
    when: Type.Object({ event: Type.String({ maxLength: 64 }), filter: Type.Optional(Type.Unknown()) }),
    actions: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type WorkflowBody = Static<typeof WorkflowBody>;

export const WorkflowDryRunBody = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) },
  { additionalProperties: false },
);
export type WorkflowDryRunBody = Static<typeof WorkflowDryRunBody>;

export const WorkflowDryRunOutput = Type.Object({
  examined: Type.Number(),
  matches: Type.Array(
    Type.Object({
      auditId: Type.Number(),
      event: Type.String(),
      objectId: Type.String(),
      title: Type.String(),
      actions: Type.Array(Type.String()),
    }),
  ),
});
export type WorkflowDryRunOutput = Static<typeof WorkflowDryRunOutput>;
