/**
 * Ranges every input value must fit before it reaches storage, the same on SQLite and PostgreSQL.
 *
 * Both databases must store exactly what was accepted. SQLite takes almost anything (a NUL inside
 * text, an integer beyond 64 bits as a float); PostgreSQL refuses it, so without these checks the
 * same request stored a changed value on one and failed with a 500 on the other. The checks run
 * at the boundary (`server/src/api/input-guard.ts` for every body, query string, path parameter and
 * multipart `_json`; the route schemas for dates and int32 columns) and answer 400 naming the field.
 * Browser-safe: no node:* imports.
 */

/** Smallest accepted date: 1970-01-01T00:00:00.000Z. Dates are epoch milliseconds everywhere. */
export const DATE_MIN_MS = 0;
/**
 * Largest accepted date: 9999-12-31T23:59:59.999Z, the last instant with a four-digit ISO 8601
 * year (what every renderer, TheHive's UI included, prints). Far inside PostgreSQL's bigint and
 * JavaScript's Date range, so a date survives storage and rendering unchanged.
 */
export const DATE_MAX_MS = 253_402_300_799_999;
/** Range of the `integer` (int4) columns on PostgreSQL: task order, custom field order, severity, TLP, PAP. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
/**
 * A whole number beyond ±(2^53 − 1) cannot be represented exactly once parsed from JSON
 * (18446744073709551616 arrives as 18446744073709552000), so it is refused everywhere: what is
 * stored is then always what the client sent.
 */
export const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;
/** Nesting of arrays and objects in one JSON body, far above any TheHive client's (a deep query filter is ~70). */
export const MAX_JSON_DEPTH = 256;

/** In Unicode mode a surrogate pair is one code point, so only a lone surrogate is of category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored as text, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it contains a lone surrogate)';
  return undefined;
}

/** Why a number cannot be stored, or undefined when it can (any column range is checked by the schema). */
export function numberProblem(value: number): string | undefined {
  if (!Number.isFinite(value)) return `must be a finite number, got ${value}`;
  if (Number.isInteger(value) && Math.abs(value) > MAX_EXACT_INTEGER) {
    return `the number ${value} is out of range (at most ±${MAX_EXACT_INTEGER})`;
  }
  return undefined;
}

/** True when `value` is an epoch-millisecond date within [DATE_MIN_MS, DATE_MAX_MS]. */
export const isDateMs = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= DATE_MIN_MS && value <= DATE_MAX_MS;

/** True when `value` is a whole number within the int4 column range. */
export const isInt32 = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;

export interface InputProblem {
  /** Dotted path of the offending value (`tasks[2].title`), or of the object holding a bad key. */
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  return `${path}[${shown}]`;
}

/**
 * The first value in a parsed JSON document (or query string, or path parameters) that no
 * database can store as sent: text with U+0000 or a lone surrogate (in values and in keys), a
 * non-finite number, a whole number beyond ±(2^53 − 1), or nesting deeper than MAX_JSON_DEPTH.
 * Iterative, so a hostile depth cannot overflow the stack. `root` names the top (e.g. `body`).
 */
export function findInputProblem(value: unknown, root = ''): InputProblem | undefined {
  const stack: Array<[unknown, string, number]> = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    switch (typeof v) {
      case 'string': {
        const problem = textProblem(v);
        if (problem) return { path: path || 'body', message: problem };
        continue;
      }
      case 'number': {
        const problem = numberProblem(v);
        if (problem) return { path: path || 'body', message: problem };
        continue;
      }
      case 'object': {
        if (v === null) continue;
        if (depth >= MAX_JSON_DEPTH) {
          return { path: path || 'body', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
        }
        if (Array.isArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], child(path, i), depth + 1]);
          continue;
        }
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          const keyProblem = textProblem(key);
          if (keyProblem) {
            return { path: path || 'body', message: `has a key that ${keyProblem}` };
          }
          stack.push([(v as Record<string, unknown>)[key], child(path, key), depth + 1]);
        }
        continue;
      }
      default:
        continue;
    }
  }
  return undefined;
}
