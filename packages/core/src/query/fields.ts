/**
 * Field names. The parsers keep field names exactly as given (validated, not mapped);
 * `normalizeField` is the helper the SQL layer uses to fold dialect aliases into the
 * canonical (v1) names before it maps them to columns of one entity.
 */
import type { Ctx, Dialect } from './context.js';
import { QueryError } from './errors.js';
import { describe, isForbiddenKey, quote } from './json.js';

/** v0 (TheHive 3 / 4-v0) meta-field names and their v1 equivalents. */
const V0_META_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  createdAt: '_createdAt',
  createdBy: '_createdBy',
  updatedAt: '_updatedAt',
  updatedBy: '_updatedBy',
});

const COMPUTED_HANDLING = /^computed\.(handlingDuration(?:InSeconds|InMinutes|InHours|InDays)?)$/;

/**
 * Canonical name of a field:
 * - v0 only: `createdAt`→`_createdAt`, `createdBy`→`_createdBy`, `updatedAt`→`_updatedAt`,
 *   `updatedBy`→`_updatedBy` (v0 renders meta fields without the underscore);
 * - both dialects: `computed.handlingDuration[InSeconds|InMinutes|InHours|InDays]` → the same
 *   name without `computed.` (TheHive exposes these as computed properties; TheHive 5 also as
 *   plain `handlingDuration` on cases);
 * - everything else is returned unchanged (entity-specific renames such as v0 `owner` →
 *   `assignee` or `caseId` → `number` belong to the entity mapping, not here).
 */
export function normalizeField(field: string, dialect: Dialect): string {
  if (dialect === 'v0' && Object.hasOwn(V0_META_ALIASES, field)) {
    return V0_META_ALIASES[field]!;
  }
  const computed = COMPUTED_HANDLING.exec(field);
  return computed ? computed[1]! : field;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A field name: non-empty, bounded, no control characters, no empty or forbidden path segment. */
export function readField(ctx: Ctx, value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw new QueryError(path, `expected a field name (a string), got ${describe(value)}`);
  }
  return checkField(ctx, value, path);
}

export function checkField(ctx: Ctx, field: string, path: string): string {
  if (field.length === 0) throw new QueryError(path, 'the field name is empty');
  if (field.length > ctx.limits.maxFieldLength) {
    throw new QueryError(
      path,
      `a field name of ${field.length} characters exceeds the limit of ${ctx.limits.maxFieldLength}`,
    );
  }
  if (CONTROL.test(field)) throw new QueryError(path, 'the field name contains control characters');
  for (const segment of field.split('.')) {
    if (segment.length === 0)
      throw new QueryError(path, `the field name ${quote(field)} has an empty segment`);
    if (isForbiddenKey(segment)) {
      throw new QueryError(path, `the field name ${quote(field)} uses the forbidden segment "${segment}"`);
    }
  }
  return field;
}

/** An entity type name (`case`, `case_task`, `alert`...) as used by `_type`, `_parent`, `_child`. */
export function readTypeName(ctx: Ctx, value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw new QueryError(path, `expected an entity type name (a string), got ${describe(value)}`);
  }
  if (value.length === 0 || value.length > ctx.limits.maxFieldLength || !/^[A-Za-z_][\w]*$/.test(value)) {
    throw new QueryError(path, `${quote(value)} is not an entity type name (letters, digits and _)`);
  }
  return value;
}
