/**
 * The result shape of every validator in the model: either the canonical value or a message that
 * names the field and what is wrong. Validators never throw; `orThrow` turns a failure into the
 * BadRequest error the API faces render as `{"type": "BadRequest", "message": ...}`.
 */
import { badRequest } from '../errors.js';

export type ModelResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const success = <T>(value: T): ModelResult<T> => ({ ok: true, value });
export const failure = <T = never>(message: string): ModelResult<T> => ({ ok: false, message });

/** The value of a successful result; a failure throws a BadRequest PropolisError with its message. */
export function orThrow<T>(result: ModelResult<T>): T {
  if (result.ok) return result.value;
  throw badRequest(result.message);
}

const SHOWN_MAX = 100;

/** A value quoted for an error message: JSON-quoted, long values cut with an ellipsis. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text;
}
