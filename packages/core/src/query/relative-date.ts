/**
 * TheHive 5 relative dates: a filter value such as
 * `{"amount":7,"unit":"days","look":"behind","timezone":"Europe/Paris","modifier":"startOfDay"}`
 * stands for "now minus 7 days, at the start of that day in Paris", as epoch milliseconds.
 * Seconds, minutes and hours shift the instant; days and weeks shift the wall-clock date in the
 * timezone (so a DST change does not move the hour); months and years shift the calendar and
 * clamp the day (Mar 31 - 1 month = Feb 28/29). Without a timezone, UTC is used.
 */
import { QueryError } from './errors.js';
import { childPath, describe, get, has, isObject, keysOf, quote } from './json.js';

export type RelativeUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

export interface RelativeDate {
  amount: number;
  unit: RelativeUnit;
  look: 'behind' | 'ahead';
  /** IANA timezone name (checked with Intl); UTC when absent. */
  timezone?: string;
  modifier?: 'startOfDay' | 'endOfDay';
}

const UNITS: readonly RelativeUnit[] = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'];
const UNIT_MS: Partial<Record<RelativeUnit, number>> = { seconds: 1000, minutes: 60_000, hours: 3_600_000 };
const KEYS = ['amount', 'unit', 'look', 'timezone', 'modifier'];
/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the dates we accept. */
const MIN_MS = -62135596800000;
const MAX_MS = 253402300799999;

/** A value that is meant as a relative date (an object with `amount`, `unit` or `look`). */
export function isRelativeDate(value: unknown): boolean {
  return isObject(value) && (has(value, 'amount') || has(value, 'unit') || has(value, 'look'));
}

export function parseRelativeDate(value: unknown, path = ''): RelativeDate {
  if (!isObject(value)) throw new QueryError(path, `expected a relative date object, got ${describe(value)}`);
  for (const key of keysOf(value, path)) {
    if (!KEYS.includes(key)) {
      throw new QueryError(
        childPath(path, key),
        `unexpected key in a relative date; expected ${KEYS.join(', ')}`,
      );
    }
  }
  const amount = get(value, 'amount');
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
    throw new QueryError(
      childPath(path, 'amount'),
      `expected a non-negative integer, got ${describe(amount)}`,
    );
  }
  const rawUnit = get(value, 'unit');
  const unit = typeof rawUnit === 'string' ? normalizeUnit(rawUnit) : undefined;
  if (!unit) {
    throw new QueryError(
      childPath(path, 'unit'),
      `expected one of ${UNITS.join(', ')}, got ${typeof rawUnit === 'string' ? quote(rawUnit) : describe(rawUnit)}`,
    );
  }
  const look = get(value, 'look');
  if (look !== 'behind' && look !== 'ahead') {
    throw new QueryError(childPath(path, 'look'), `expected "behind" or "ahead", got ${show(look)}`);
  }
  const spec: RelativeDate = { amount: amount === 0 ? 0 : amount, unit, look };
  const timezone = get(value, 'timezone');
  if (timezone !== undefined && timezone !== null) {
    const tzPath = childPath(path, 'timezone');
    if (typeof timezone !== 'string')
      throw new QueryError(tzPath, `expected a timezone name, got ${describe(timezone)}`);
    if (timezone !== 'UTC') {
      zone(timezone, tzPath);
      spec.timezone = timezone;
    }
  }
  const modifier = get(value, 'modifier');
  if (modifier !== undefined && modifier !== null) {
    if (modifier !== 'startOfDay' && modifier !== 'endOfDay') {
      throw new QueryError(
        childPath(path, 'modifier'),
        `expected "startOfDay" or "endOfDay", got ${show(modifier)}`,
      );
    }
    spec.modifier = modifier;
  }
  return spec;
}

/** The epoch milliseconds a relative date stands for at `now`. */
export function resolveRelativeDate(spec: RelativeDate, now: number, path = ''): number {
  if (!Number.isFinite(now) || now < MIN_MS || now > MAX_MS) {
    throw new QueryError(path, 'the reference time ("now") is out of range');
  }
  const tz = spec.timezone === undefined ? undefined : zone(spec.timezone, childPath(path, 'timezone'));
  const sign = spec.look === 'behind' ? -1 : 1;
  const unitMs = UNIT_MS[spec.unit];
  let result: number;
  if (unitMs !== undefined) {
    result = now + sign * spec.amount * unitMs;
  } else {
    const wall = toWall(now, tz);
    if (spec.unit === 'days' || spec.unit === 'weeks') {
      wall.day += sign * spec.amount * (spec.unit === 'weeks' ? 7 : 1);
    } else {
      const months =
        wall.year * 12 + (wall.month - 1) + sign * spec.amount * (spec.unit === 'years' ? 12 : 1);
      wall.year = Math.floor(months / 12);
      wall.month = months - wall.year * 12 + 1;
      wall.day = Math.min(wall.day, daysInMonth(wall.year, wall.month));
    }
    result = fromWall(wall, tz);
  }
  checkRange(result, path);
  if (spec.modifier) {
    const wall = toWall(result, tz);
    wall.hour = 0;
    wall.minute = 0;
    wall.second = 0;
    wall.ms = 0;
    if (spec.modifier === 'endOfDay') wall.day += 1;
    result = fromWall(wall, tz) - (spec.modifier === 'endOfDay' ? 1 : 0);
    checkRange(result, path);
  }
  return result;
}

function show(value: unknown): string {
  return typeof value === 'string' ? quote(value) : describe(value);
}

function normalizeUnit(raw: string): RelativeUnit | undefined {
  const lower = raw.toLowerCase();
  const plural = (lower.endsWith('s') ? lower : `${lower}s`) as RelativeUnit;
  return UNITS.includes(plural) ? plural : undefined;
}

function checkRange(ms: number, path: string): void {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    throw new QueryError(path, 'the relative date falls outside years 1 to 9999');
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const WALL_PARTS: Partial<Record<string, keyof Wall>> = {
  year: 'year',
  month: 'month',
  day: 'day',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
};

const zones = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a valid IANA zone; an unknown zone is a QueryError. */
function zone(name: string, path: string): Intl.DateTimeFormat {
  const cached = zones.get(name);
  if (cached) return cached;
  if (name.length === 0 || name.length > 64) throw new QueryError(path, `unknown timezone ${quote(name)}`);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new QueryError(path, `unknown timezone ${quote(name)}`);
  }
  if (zones.size < 512) zones.set(name, format);
  return format;
}

function toWall(ms: number, tz: Intl.DateTimeFormat | undefined): Wall {
  const date = new Date(ms);
  const millis = ((ms % 1000) + 1000) % 1000;
  if (!tz) {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      ms: millis,
    };
  }
  const wall: Wall = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: millis };
  for (const part of tz.formatToParts(date)) {
    const key = WALL_PARTS[part.type];
    if (key) wall[key] = Number(part.value);
  }
  return wall;
}

function utcOfWall(w: Wall): number {
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, w.ms);
  return date.getTime();
}

/** The instant whose wall clock in `tz` is `w` (in a DST gap: shifted by the gap). */
function fromWall(w: Wall, tz: Intl.DateTimeFormat | undefined): number {
  const asUtc = utcOfWall(w);
  if (!tz || !Number.isFinite(asUtc)) return asUtc;
  const offset1 = offsetAt(asUtc, tz);
  const guess = asUtc - offset1;
  const offset2 = offsetAt(guess, tz);
  return offset1 === offset2 ? guess : asUtc - offset2;
}

function offsetAt(ms: number, tz: Intl.DateTimeFormat): number {
  if (ms < MIN_MS - 2 * 86_400_000 || ms > MAX_MS + 2 * 86_400_000) return 0;
  return utcOfWall(toWall(ms, tz)) - ms;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
