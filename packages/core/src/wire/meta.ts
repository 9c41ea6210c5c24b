/**
 * What every output object carries (ids and audit meta, in the v1 `_createdAt` and v0 `createdAt`
 * spellings), and how output objects are declared: open (additionalProperties), because TheHive
 * clients receive extra fields (custom fields, extraData, v0 `_type`...) that a schema would
 * otherwise hide. The server serialises with JSON.stringify, so a schema never drops a field
 * (docs/decisions/response-serialisation.md).
 */
import { type Static, type TProperties, Type } from 'typebox';

/** An object with these properties and possibly others. */
export const Open = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) });

/** Any JSON object (extraData, reports, details). */
export const AnyObject = Type.Record(Type.String(), Type.Unknown());

/** A v1 output's `extraData`: what a query page asked for by name (`"extraData": ["total"]`), by that name. */
export const ExtraData = Type.Record(Type.String(), Type.Unknown(), {
  description: 'the extra data a query page asked for, by name',
});
export type ExtraData = Static<typeof ExtraData>;

export const MetaV1 = {
  _id: Type.String({ description: 'the id, `~` and the row number' }),
  _type: Type.String(),
  _createdBy: Type.String(),
  _createdAt: Type.Integer(),
  _updatedBy: Type.Optional(Type.String()),
  _updatedAt: Type.Optional(Type.Integer()),
};

export const MetaV0 = {
  _id: Type.String(),
  id: Type.String(),
  _type: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Integer(),
  user: Type.String(),
  updatedBy: Type.Optional(Type.String()),
  updatedAt: Type.Optional(Type.Integer()),
};
