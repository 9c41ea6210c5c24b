/**
 * Safe reading of untrusted JSON: plain-object checks, own keys only, refusal of
 * prototype-pollution keys, path building and short descriptions for error messages.
 */
import { textProblem } from '../model/limits.js';
import type { Ctx } from './context.js';
import { QueryError } from './errors.js';

export type JsonObject = Record<string, unknown>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain object (`{...}` from JSON.parse, or a null-prototype object); not an array. */
export function isObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The object's own keys; a prototype-pollution key is a QueryError. */
export function keysOf(obj: JsonObject, path: string): string[] {
  const keys = Object.keys(obj);
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key))
      throw new QueryError(childPath(path, key), `the key "${key}" is not allowed`);
  }
  return keys;
}

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** Own property only (never reaches `Object.prototype`). */
export function get(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function has(obj: JsonObject, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

/** `a.b`, `a[3]`, or `a["odd key"]` for keys that are not identifiers. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${quote(key)}]`;
}

/** A JSON-quoted string, shortened for messages. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** "a string", "an array", "null"... for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : String(value);
    case 'boolean':
      return 'a boolean';
    case 'undefined':
      return 'nothing';
    case 'object':
      return isObject(value) ? 'an object' : 'a non-JSON object';
    default:
      return `a ${typeof value}`;
  }
}

export function expectObject(value: unknown, path: string, what = 'an object'): JsonObject {
  if (!isObject(value)) throw new QueryError(path, `expected ${what}, got ${describe(value)}`);
  return value;
}

export function expectArray(value: unknown, path: string, what = 'an array'): unknown[] {
  if (!Array.isArray(value)) throw new QueryError(path, `expected ${what}, got ${describe(value)}`);
  return value;
}

export function readString(ctx: Ctx, value: unknown, path: string, what = 'a string'): string {
  if (typeof value !== 'string') throw new QueryError(path, `expected ${what}, got ${describe(value)}`);
  if (value.length > ctx.limits.maxStringLength) {
    throw new QueryError(
      path,
      `a string of ${value.length} characters exceeds the limit of ${ctx.limits.maxStringLength}`,
    );
  }
  checkText(value, path);
  return value;
}

/** Text that no database can compare as sent (U+0000, a lone surrogate) is a QueryError. */
export function checkText(value: string, path: string): void {
  const problem = textProblem(value);
  if (problem) throw new QueryError(path, problem);
}

/** An integer in [min, max]. */
export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new QueryError(path, `expected an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) {
    throw new QueryError(path, `${value} is out of range (${min} to ${max})`);
  }
  return value === 0 ? 0 : value;
}

/** Rejects keys other than `allowed` (used where TheHive itself is strict). */
export function rejectUnknownKeys(obj: JsonObject, path: string, allowed: readonly string[]): void {
  for (const key of keysOf(obj, path)) {
    if (!allowed.includes(key)) {
      throw new QueryError(childPath(path, key), `unexpected key; expected ${allowed.join(', ')}`);
    }
  }
}
