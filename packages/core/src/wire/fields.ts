/**
 * Building blocks of the wire schemas (TypeBox, JSON Schema at run time): the server validates
 * requests and describes responses with them, the client and the web UI take their types from them.
 * Limits come from model/input-limits.ts, the ones the domain's checkers enforce.
 */
import { type TSchema, Type } from 'typebox';
import { MAX_LONG_TEXT, MAX_TAG_LENGTH, MAX_TAGS } from '../model/input-limits.js';
import { DATE_MAX_MS, DATE_MIN_MS, INT32_MAX, INT32_MIN } from '../model/limits.js';

/** A string of at most `max` characters. */
export const Text = (max: number) => Type.String({ maxLength: max });
/** `T` or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Optional, and null accepted (thehive4py 1.x sends unset attributes as null). */
export const OptionalNullable = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
/** Long free text: descriptions, summaries, messages. */
export const LongText = Text(MAX_LONG_TEXT);
/** A list of tags. */
export const Tags = Type.Array(Text(MAX_TAG_LENGTH), { maxItems: MAX_TAGS });
/** An epoch-millisecond date from 1970 to the end of year 9999 (model/limits.ts). */
export const DateMs = () => Type.Integer({ minimum: DATE_MIN_MS, maximum: DATE_MAX_MS });
/** A whole number an int4 column holds (order, severity, TLP, PAP). */
export const Int32 = () => Type.Integer({ minimum: INT32_MIN, maximum: INT32_MAX });
