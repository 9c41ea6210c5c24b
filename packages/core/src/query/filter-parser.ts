/**
 * The filter parser shared by both dialects: one table of operators (`_and`, `_eq`, `_in`...)
 * plus the v0-only ones (`_parent`, `_child`, `_type`, `_string`). An object with several
 * operator keys means the AND of them, in key order; `{}` means "any".
 */
import type { CompareOp, Filter, TextOp } from './ast.js';
import { type Ctx, checkDepth, type Dialect, spend } from './context.js';
import { QueryError } from './errors.js';
import { checkField, readField, readTypeName } from './fields.js';
import {
  childPath,
  describe,
  expectArray,
  expectObject,
  get,
  has,
  isObject,
  type JsonObject,
  keysOf,
  quote,
  readString,
  rejectUnknownKeys,
} from './json.js';
import { starFilter } from './like.js';
import { parseQueryString } from './query-string.js';
import { readOrderedValue, readScalar, readValue } from './values.js';

type Handler = (ctx: Ctx, arg: unknown, path: string, depth: number) => Filter;

/** v1 meta fields that may appear as keys of the deprecated `{"field": value}` form. */
const META_FIELDS = new Set(['_createdAt', '_createdBy', '_updatedAt', '_updatedBy']);

/** Parses one filter object at `depth` (the root is depth 1). */
export function parseFilterAt(ctx: Ctx, json: unknown, path: string, depth: number): Filter {
  checkDepth(ctx, path, depth);
  const obj = expectObject(json, path, 'a filter object');
  const keys = keysOf(obj, path).filter((key) => obj[key] !== undefined);
  spend(ctx, path);
  if (keys.length === 0) return { kind: 'any' };
  const parts: Filter[] = [];
  if (has(obj, '_field') || has(obj, '_value')) {
    const { field, value, valuePath } = fieldAndValue(ctx, pick(obj, ['_field', '_value']), path);
    parts.push({ kind: 'compare', op: 'eq', field, value: readValue(ctx, value, valuePath) });
  }
  for (const key of keys) {
    if (key === '_field' || key === '_value') continue;
    const keyPath = childPath(path, key);
    if (parts.length > 0) spend(ctx, keyPath);
    if (key.startsWith('_') && !META_FIELDS.has(key)) {
      const handler = handlerFor(ctx.dialect, key);
      if (!handler) throw unknownOperator(ctx.dialect, key, keyPath);
      parts.push(handler(ctx, obj[key], keyPath, depth));
    } else {
      const field = checkField(ctx, key, keyPath);
      parts.push({ kind: 'compare', op: 'eq', field, value: readValue(ctx, obj[key], keyPath) });
    }
  }
  return parts.length === 1 ? parts[0]! : { kind: 'and', filters: parts };
}

export const COMMON_OPERATORS: readonly string[] = [
  '_and',
  '_or',
  '_not',
  '_any',
  '_eq',
  '_is',
  '_ne',
  '_lt',
  '_gt',
  '_lte',
  '_gte',
  '_between',
  '_in',
  '_startsWith',
  '_endsWith',
  '_like',
  '_wildcard',
  '_match',
  '_contains',
  '_has',
  '_id',
];
export const V0_ONLY_OPERATORS: readonly string[] = ['_parent', '_child', '_type', '_string'];

/** The operator keys a dialect accepts (besides the bare `{"_field","_value"}` form). */
export function supportedOperators(dialect: Dialect): string[] {
  return dialect === 'v0' ? [...COMMON_OPERATORS, ...V0_ONLY_OPERATORS] : [...COMMON_OPERATORS];
}

function handlerFor(dialect: Dialect, key: string): Handler | undefined {
  if (Object.hasOwn(COMMON, key)) return COMMON[key];
  if (dialect === 'v0' && Object.hasOwn(V0_ONLY, key)) return V0_ONLY[key];
  return undefined;
}

function unknownOperator(dialect: Dialect, key: string, path: string): QueryError {
  if (dialect === 'v1' && V0_ONLY_OPERATORS.includes(key)) {
    return new QueryError(
      path,
      `the operator "${key}" is only supported by the v0 API (/api/<entity>/_search)`,
    );
  }
  return new QueryError(
    path,
    `unknown operator ${quote(key)}; supported: ${supportedOperators(dialect).join(', ')}, ` +
      'or {"_field": <field>, "_value": <value>}',
  );
}

function pick(obj: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = Object.create(null);
  for (const key of keys) if (has(obj, key)) out[key] = obj[key];
  return out;
}

/** `{"_field": f, "_value": v}`, or the deprecated one-key form `{"f": v}`. */
function fieldAndValue(
  ctx: Ctx,
  arg: unknown,
  path: string,
): { field: string; value: unknown; valuePath: string } {
  const obj = expectObject(arg, path, '{"_field": <field>, "_value": <value>}');
  const keys = keysOf(obj, path).filter((key) => obj[key] !== undefined);
  if (has(obj, '_field') || has(obj, '_value')) {
    rejectUnknownKeys(obj, path, ['_field', '_value']);
    if (!has(obj, '_field')) throw new QueryError(path, 'missing "_field"');
    if (!has(obj, '_value')) throw new QueryError(path, 'missing "_value"');
    const field = readField(ctx, obj._field, childPath(path, '_field'));
    return { field, value: obj._value, valuePath: childPath(path, '_value') };
  }
  if (keys.length !== 1) {
    throw new QueryError(path, 'expected {"_field": <field>, "_value": <value>} or {"<field>": <value>}');
  }
  const key = keys[0]!;
  const keyPath = childPath(path, key);
  return { field: checkField(ctx, key, keyPath), value: obj[key], valuePath: keyPath };
}

function compare(op: CompareOp): Handler {
  return (ctx, arg, path) => {
    const { field, value, valuePath } = fieldAndValue(ctx, arg, path);
    const parsed =
      op === 'eq' || op === 'ne' ? readValue(ctx, value, valuePath) : readOrderedValue(ctx, value, valuePath);
    return { kind: 'compare', op, field, value: parsed };
  };
}

function stringValue(ctx: Ctx, arg: unknown, path: string): { field: string; value: string } {
  const { field, value, valuePath } = fieldAndValue(ctx, arg, path);
  return { field, value: readString(ctx, value, valuePath) };
}

function text(op: TextOp): Handler {
  return (ctx, arg, path) => ({ kind: 'text', op, ...stringValue(ctx, arg, path) });
}

const like: Handler = (ctx, arg, path) => {
  const { field, value } = stringValue(ctx, arg, path);
  return starFilter(ctx, field, value, childPath(path, '_value'), ctx.plainLike);
};

function logical(kind: 'and' | 'or'): Handler {
  return (ctx, arg, path, depth) => {
    const items = expectArray(arg, path, 'an array of filters');
    return { kind, filters: items.map((item, i) => parseFilterAt(ctx, item, childPath(path, i), depth + 1)) };
  };
}

const has_: Handler = (ctx, arg, path) => {
  if (isObject(arg)) {
    rejectUnknownKeys(arg, path, ['_field']);
    return { kind: 'has', field: readField(ctx, get(arg, '_field'), childPath(path, '_field')) };
  }
  return { kind: 'has', field: readField(ctx, arg, path) };
};

/** One id (string or integer) or a list of them. */
function readIds(ctx: Ctx, arg: unknown, path: string): string[] {
  const list = Array.isArray(arg) ? arg : [arg];
  if (list.length > ctx.limits.maxInValues) {
    throw new QueryError(path, `${list.length} ids exceed the limit of ${ctx.limits.maxInValues}`);
  }
  spend(ctx, path, list.length);
  return list.map((id, i) => {
    const idPath = Array.isArray(arg) ? childPath(path, i) : path;
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
    const text = readString(ctx, id, idPath, 'an id (a string)');
    if (text.length === 0) throw new QueryError(idPath, 'the id is empty');
    return text;
  });
}

const COMMON: Readonly<Record<string, Handler>> = {
  _and: logical('and'),
  _or: logical('or'),
  _not: (ctx, arg, path, depth) => ({ kind: 'not', filter: parseFilterAt(ctx, arg, path, depth + 1) }),
  _any: () => ({ kind: 'any' }),
  _eq: compare('eq'),
  _is: compare('eq'),
  _ne: compare('ne'),
  _lt: compare('lt'),
  _gt: compare('gt'),
  _lte: compare('lte'),
  _gte: compare('gte'),
  _between: (ctx, arg, path) => {
    const obj = expectObject(arg, path, '{"_field": <field>, "_from": <value>, "_to": <value>}');
    rejectUnknownKeys(obj, path, ['_field', '_from', '_to']);
    for (const key of ['_field', '_from', '_to']) {
      if (!has(obj, key)) throw new QueryError(path, `missing "${key}"`);
    }
    return {
      kind: 'between',
      field: readField(ctx, obj._field, childPath(path, '_field')),
      from: readOrderedValue(ctx, obj._from, childPath(path, '_from')),
      to: readOrderedValue(ctx, obj._to, childPath(path, '_to')),
    };
  },
  _in: (ctx, arg, path) => {
    const obj = expectObject(arg, path, '{"_field": <field>, "_values": [<value>, ...]}');
    rejectUnknownKeys(obj, path, ['_field', '_values']);
    if (!has(obj, '_field')) throw new QueryError(path, 'missing "_field"');
    if (!has(obj, '_values')) throw new QueryError(path, 'missing "_values"');
    const field = readField(ctx, obj._field, childPath(path, '_field'));
    const valuesPath = childPath(path, '_values');
    const values = expectArray(obj._values, valuesPath, 'an array of values');
    if (values.length > ctx.limits.maxInValues) {
      throw new QueryError(
        valuesPath,
        `${values.length} values exceeds the limit of ${ctx.limits.maxInValues}`,
      );
    }
    spend(ctx, valuesPath, values.length);
    return {
      kind: 'in',
      field,
      values: values.map((value, i) => readScalar(ctx, value, childPath(valuesPath, i))),
    };
  },
  _startsWith: text('startsWith'),
  _endsWith: text('endsWith'),
  _like: like,
  _wildcard: like,
  _match: (ctx, arg, path) => ({ kind: 'match', ...stringValue(ctx, arg, path) }),
  _contains: has_,
  _has: has_,
  _id: (ctx, arg, path) => ({ kind: 'id', ids: readIds(ctx, arg, path) }),
};

const V0_ONLY: Readonly<Record<string, Handler>> = {
  _parent: (ctx, arg, path, depth) => {
    const obj = expectObject(
      arg,
      path,
      '{"_type": <type>, "_query": <filter>} or {"_type": <type>, "_id": <id>}',
    );
    rejectUnknownKeys(obj, path, ['_type', '_query', '_id']);
    if (!has(obj, '_type')) throw new QueryError(path, 'missing "_type"');
    const type = readTypeName(ctx, obj._type, childPath(path, '_type'));
    if (has(obj, '_query') === has(obj, '_id')) {
      throw new QueryError(path, 'expected exactly one of "_query" and "_id"');
    }
    const filter: Filter = has(obj, '_id')
      ? { kind: 'id', ids: readIds(ctx, obj._id, childPath(path, '_id')) }
      : parseFilterAt(ctx, obj._query, childPath(path, '_query'), depth + 1);
    return { kind: 'parent', type, filter };
  },
  _child: (ctx, arg, path, depth) => {
    const obj = expectObject(arg, path, '{"_type": <type>, "_query": <filter>}');
    rejectUnknownKeys(obj, path, ['_type', '_query']);
    if (!has(obj, '_type')) throw new QueryError(path, 'missing "_type"');
    if (!has(obj, '_query')) throw new QueryError(path, 'missing "_query"');
    return {
      kind: 'child',
      type: readTypeName(ctx, obj._type, childPath(path, '_type')),
      filter: parseFilterAt(ctx, obj._query, childPath(path, '_query'), depth + 1),
    };
  },
  _type: (ctx, arg, path) => ({ kind: 'type', type: readTypeName(ctx, arg, path) }),
  _string: (ctx, arg, path, depth) => {
    if (typeof arg !== 'string') throw new QueryError(path, `expected a query string, got ${describe(arg)}`);
    return parseQueryString(ctx, readString(ctx, arg, path), path, depth);
  },
};
