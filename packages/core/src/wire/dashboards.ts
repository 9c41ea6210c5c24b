/**
 * Dashboards on the wire: TheHive 5's v1 (definition as an object, `writable`, `version`) and
 * TheHive 3/4's v0 (definition as JSON text).
 */
import { type Static, Type } from 'typebox';
import { MAX_NAME } from '../model/input-limits.js';
import { MetaV0, MetaV1, Open } from './meta.js';

const S = Type.String();
const Definition = Type.Union(
  [Type.Record(Type.String(), Type.Unknown()), Type.String({ maxLength: 1_000_000 })],
  {
    description:
      'the dashboard definition: {period, customPeriod?, items: [containers of widgets]}, or its JSON text',
  },
);

export const DashboardBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 512 }),
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  group: Type.Optional(Type.Union([Type.String({ maxLength: MAX_NAME }), Type.Null()])),
  status: Type.Optional(Type.String({ maxLength: 16 })),
  definition: Type.Optional(Definition),
  version: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});
export const DashboardUpdateBody = Type.Partial(DashboardBody);
export const DashboardOwnerBody = Type.Object({
  owner: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

export const DashboardOutputV1 = Open({
  ...MetaV1,
  title: S,
  group: Type.Optional(S),
  description: S,
  status: S,
  owner: S,
  definition: Type.Record(Type.String(), Type.Unknown()),
  writable: Type.Boolean(),
  version: Type.Integer(),
});
export type DashboardOutputV1 = Static<typeof DashboardOutputV1>;

export const DashboardOutputV0 = Open({
  ...MetaV0,
  title: S,
  description: S,
  status: S,
  owner: S,
  definition: S,
  writable: Type.Boolean(),
});
export type DashboardOutputV0 = Static<typeof DashboardOutputV0>;

// Static types of the request and answer schemas above (for typed clients).
export type DashboardBody = Static<typeof DashboardBody>;
export type DashboardUpdateBody = Static<typeof DashboardUpdateBody>;
export type DashboardOwnerBody = Static<typeof DashboardOwnerBody>;
