/**
 * Number schemas that carry their column's range (see `@propolis/core` `model/limits.ts`), so a
 * value out of range is a 400 naming the field on both databases, and the range is in the OpenAPI.
 */
import { DATE_MAX_MS, DATE_MIN_MS, INT32_MAX, INT32_MIN } from '@propolis/core';
import { Type } from 'typebox';

/** An epoch-millisecond date from 1970 to the end of year 9999. */
export const DateMs = () => Type.Integer({ minimum: DATE_MIN_MS, maximum: DATE_MAX_MS });

/** A whole number an int4 column holds (order, severity, TLP, PAP). */
export const Int32 = () => Type.Integer({ minimum: INT32_MIN, maximum: INT32_MAX });
