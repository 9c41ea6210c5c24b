/**
 * The tag listing query, shared by v0 and v1.
 */
import { Type } from 'typebox';

export const TagQuery = Type.Object({
  prefix: Type.Optional(Type.String({ maxLength: 255 })),
  entity: Type.Optional(Type.String({ maxLength: 16 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
