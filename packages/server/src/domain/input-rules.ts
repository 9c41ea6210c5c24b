/**
 * The general input checkers of every command (cases, alerts, tasks, observables, templates, tags):
 * each throws a BadRequest that names the field and says what to fix. Limits and defaults come from
 * @propolis/core (model/input-limits.ts, model/enums.ts), the same ones the request schemas use.
 */
import {
  badRequest,
  DATE_MAX_MS,
  DATE_MIN_MS,
  DEFAULT_PAP,
  DEFAULT_SEVERITY,
  DEFAULT_TLP,
  MAX_LONG_TEXT,
  MAX_TAG_LENGTH,
  MAX_TAGS,
} from '@propolis/core';

export function checkRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw badRequest(`${field}: must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** Severity 1 (LOW) to 4 (CRITICAL); TLP 0 (CLEAR) to 4 (RED); PAP 0 (CLEAR) to 3 (RED). */
export const checkSeverity = (value: number | undefined, field = 'severity') =>
  checkRange(value ?? DEFAULT_SEVERITY, field, 1, 4);
export const checkTlp = (value: number | undefined, field = 'tlp') =>
  checkRange(value ?? DEFAULT_TLP, field, 0, 4);
export const checkPap = (value: number | undefined, field = 'pap') =>
  checkRange(value ?? DEFAULT_PAP, field, 0, 3);

/** A required one-line text, trimmed: not empty, at most `max` characters. */
export function checkText(value: string | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text) throw badRequest(`${field}: is required and must not be empty`);
  if (text.length > max) throw badRequest(`${field}: must be at most ${max} characters`);
  return text;
}

/** An optional text kept as written (descriptions, messages): at most `max` characters. */
export function checkLength<T extends string | null | undefined>(value: T, field: string, max: number): T {
  if (typeof value === 'string' && value.length > max)
    throw badRequest(`${field}: must be at most ${max} characters`);
  return value;
}

/** A required markdown message (a comment, a log): not blank, kept as written (its white space is markdown). */
export function checkMarkdownMessage(message: string | undefined, field = 'message'): string {
  if (typeof message !== 'string' || message.trim() === '')
    throw badRequest(`${field}: is required and must not be empty`);
  return checkLength(message, field, MAX_LONG_TEXT);
}

/** Tags trimmed, empty ones dropped, duplicates once, at most MAX_TAGS of MAX_TAG_LENGTH characters. */
export function checkTags(tags: readonly string[], field = 'tags'): string[] {
  if (tags.length > MAX_TAGS) throw badRequest(`${field}: at most ${MAX_TAGS} tags`);
  const out: string[] = [];
  for (const [i, raw] of tags.entries()) {
    if (typeof raw !== 'string') throw badRequest(`${field}[${i}]: must be a string`);
    const tag = raw.trim();
    if (!tag) continue;
    if (tag.length > MAX_TAG_LENGTH)
      throw badRequest(`${field}[${i}]: must be at most ${MAX_TAG_LENGTH} characters`);
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

/** A date in epoch milliseconds, a whole number from DATE_MIN_MS (1970) to DATE_MAX_MS (year 9999). */
export function checkDate(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < DATE_MIN_MS || value > DATE_MAX_MS)
    throw badRequest(`${field}: must be a date in epoch milliseconds`);
  return value;
}
