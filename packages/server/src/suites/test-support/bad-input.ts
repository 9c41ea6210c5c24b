/**
 * The bad-input corpus: hostile bodies, query strings and multipart uploads, generated per route
 * from the route's own schema where it has one. Each entry is one request the server must answer
 * with a 4xx (or accept), never a 5xx.
 */
import { multipartBody } from '../../test-support/multipart.js';
import { instance } from './request-builder.js';
import type { Route, Schema } from './route-table.js';
import type { TenantIds } from './tenant-fixture.js';

export interface BadRequest {
  name: string;
  /** Raw bytes or text sent as the body. */
  raw?: string | Uint8Array;
  contentType?: string;
  /** Appended to the path (`?a=b`). */
  query?: string;
}

const json = (name: string, value: unknown): BadRequest => ({
  name,
  raw: JSON.stringify(value),
  contentType: 'application/json',
});
const text = (name: string, raw: string | Uint8Array, contentType = 'application/json'): BadRequest => ({
  name,
  raw,
  contentType,
});

const EXTREME_NUMBERS = [1e308, 2 ** 31, -1, 1.5];

function deep(levels: number): string {
  return `{"title":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

function deepObject(levels: number): string {
  return `{"customFields":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
}

const typeOf = (s: Schema | undefined): string | undefined => {
  if (!s) return undefined;
  if (s.anyOf) return typeOf(s.anyOf.find((x) => x.type !== 'null'));
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
};

function wrongValue(type: string | undefined): unknown {
  switch (type) {
    case 'string':
      return { not: 'a string' };
    case 'integer':
    case 'number':
      return 'NaN';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not an array';
    case 'object':
      return [1, 2];
    default:
      return { unexpected: [null] };
  }
}

/** Fields clients send numbers in, for routes without a declared schema. */
const NUMBER_FIELDS = ['severity', 'tlp', 'pap', 'date', 'startDate', 'endDate', 'order', 'dueDate'];

/** Bodies for a route that takes one. */
export function bodyCorpus(route: Route, ids: TenantIds): BadRequest[] {
  const valid = (instance(route.bodySchema, ids, route.path) as Record<string, unknown> | undefined) ?? {
    title: 'corpus',
    description: 'corpus',
    message: 'corpus',
  };
  const validText = JSON.stringify(valid);
  const out: BadRequest[] = [
    text('empty object', '{}'),
    text('malformed', '{"title": '),
    text('truncated valid body', validText.slice(0, Math.max(1, Math.floor(validText.length / 2)))),
    text(
      'invalid UTF-8',
      new Uint8Array([...Buffer.from('{"title":"'), 0xff, 0xfe, 0xc3, ...Buffer.from('","message":"x"}')]),
    ),
    text('lone surrogate', '{"title":"\\ud800x","message":"\\udfff","description":"x"}'),
    text('NUL in a value', '{"title":"a\\u0000b","message":"a\\u0000b","description":"x"}'),
    text('NUL in a key', '{"a\\u0000b":1}'),
    text('__proto__ key', '{"__proto__":{"isAdmin":true},"title":"x"}'),
    text('nested __proto__', '{"customFields":{"__proto__":{"polluted":1}},"query":{"__proto__":{}}}'),
    text('constructor.prototype', '{"constructor":{"prototype":{"polluted":1}}}'),
    text('deep arrays', deep(2_000)),
    text('deep objects', deepObject(1_000)),
    text('number overflow text', '{"severity":1e400,"date":-1e400,"order":123456789012345678901234567890}'),
    json('array body', [valid]),
    json('null body', null),
    json('huge string', { ...valid, title: 'x'.repeat(300_000) }),
    json('huge array', {
      ...valid,
      tags: Array.from({ length: 600 }, (_, i) => `t${i}`),
      ids: Array(1_200).fill('~1'),
    }),
    text('wrong content type', validText, 'text/plain'),
  ];
  const props = route.bodySchema?.properties ?? {};
  if (Object.keys(props).length === 0) {
    // no declared schema (multipart-capable routes, actions): every usual field at once
    const all = (v: unknown) => Object.fromEntries(NUMBER_FIELDS.map((f) => [f, v]));
    out.push(json('usual fields of the wrong type', { ...valid, ...all('NaN'), tags: 'x', observables: {} }));
    for (const n of EXTREME_NUMBERS) out.push(json(`usual number fields = ${n}`, { ...valid, ...all(n) }));
    return out;
  }
  for (const name of Object.keys(props)) {
    const type = typeOf(props[name]);
    out.push(json(`${name} of the wrong type`, { ...valid, [name]: wrongValue(type) }));
    if (type === 'integer' || type === 'number') {
      for (const n of EXTREME_NUMBERS) out.push(json(`${name} = ${n}`, { ...valid, [name]: n }));
    }
  }
  return out;
}

/**
 * Malformed JSON and odd content types go through the one body parser before any route: sent to
 * a few routes, not to all of them.
 */
export const PARSER_CORPUS: BadRequest[] = [
  text('trailing comma', '{"title":"x",}'),
  text('single quotes', "{'title':'x'}"),
  text('bare word', 'nul'),
  text('BOM', '\ufeff{"title":"x"}'),
  text('two documents', '{"title":"x"}{"title":"y"}'),
  text('duplicate keys', '{"title":"x","title":{"a":1}}'),
  text('big exponent', '{"severity":1e999999}'),
  text('long number', `{"severity":${'9'.repeat(5000)}}`),
  json('string body', 'x'),
  json('number body', 42),
  text('form content type', 'title=x&message=y', 'application/x-www-form-urlencoded'),
  text('xml content type', '<title>x</title>', 'application/xml'),
  text('charset', '{"title":"x"}', 'application/json; charset=latin1'),
  text('json suffix type', '{"title":"x"}', 'application/vnd.api+json'),
];

/** Multipart uploads with hostile file names and `_json` parts. */
export function multipartCorpus(): BadRequest[] {
  const file = (filename: string, json = '{"message":"m","dataType":"file"}') => {
    const { body, contentType } = multipartBody([
      { name: '_json', value: json },
      { name: 'attachment', filename, data: 'corpus file' },
    ]);
    return { raw: body, contentType };
  };
  const names = [
    '../../../etc/passwd',
    '..\\..\\windows\\system32\\config',
    'a\u0000b.txt',
    '%00.txt',
    'x'.repeat(5000),
    'a\r\nContent-Type: text/html\r\n\r\n<script>',
    '\u202etxt.exe',
    '',
    '.',
    '\ud800.txt',
    '<img src=x onerror=alert(1)>.html',
  ];
  const out: BadRequest[] = names.map((n, i) => ({ name: `multipart filename ${i}`, ...file(n) }));
  out.push({ name: 'multipart _json NUL', ...file('a.txt', '{"message":"a\\u0000","dataType":"file"}') });
  out.push({ name: 'multipart _json malformed', ...file('a.txt', '{"message":') });
  out.push({ name: 'multipart _json __proto__', ...file('a.txt', '{"__proto__":{"x":1},"message":"m"}') });
  out.push({ name: 'multipart _json array', ...file('a.txt', '[1,2]') });
  out.push({
    name: 'multipart without boundary',
    raw: '--x\r\nContent-Disposition: form-data; name="_json"\r\n\r\n{}\r\n--x--\r\n',
    contentType: 'multipart/form-data',
  });
  out.push({
    name: 'multipart truncated',
    raw: '--x\r\nContent-Disposition: form-data; name="attachment"; filename="a"\r\n\r\nabc',
    contentType: 'multipart/form-data; boundary=x',
  });
  return out;
}

/** Hostile query strings, for every route. */
export const QUERY_CORPUS: BadRequest[] = [
  { name: 'NUL in a query value', query: 'name=a%00b&range=0-10' },
  { name: 'invalid percent-encoding', query: 'name=%E0%A4%A&sort=%' },
  { name: 'repeated parameters', query: 'range=0-1&range=2-3&sort=a&sort=b' },
  { name: 'extreme range', query: 'range=0-1e308&count=99999999999999999999&limit=-1' },
  { name: 'bracket keys', query: 'a[__proto__][x]=1&constructor[prototype][y]=2' },
  { name: 'lone surrogate', query: 'name=%ED%A0%80' },
];
