/**
 * `GET /api/v1/export` (TheHive 5): the result of a query as a JSON array or as CSV, streamed. The
 * query (initial step, navigation, filter, sort: api/query/pipeline.ts selectionOfQuery) is read
 * page by page (`query.exportPageSize` rows), each page written before the next is read, so memory
 * stays bounded whatever the size of the export and the first bytes leave before the last row is
 * read. The first page is read before the answer starts, so a bad query is still a clear 400.
 * `GET /api/v1/export/_fields?query=` lists the columns a CSV export has by default.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, describeModel } from '@propolis/core';
import { Type } from 'typebox';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { fetchRows, type QueryEnv, type Selection } from '../../query/selection.js';
import { selectionOfQuery } from '../query/pipeline.js';
import { renderRows } from '../query/render.js';
import { ctx } from '../request-context.js';
import { list, ok } from '../shared/responses.js';

type Item = Record<string, unknown>;

const ExportQuery = Type.Object({
  query: Type.String({
    minLength: 2,
    maxLength: 65_536,
    description:
      'the query steps as JSON: `[{"_name":"listCase"},{"_name":"filter",...},{"_name":"sort",...}]`',
  }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  fields: Type.Optional(
    Type.String({
      maxLength: 4096,
      description: 'CSV columns, comma-separated (default: the model attributes)',
    }),
  ),
});

function parseSteps(text: string): Array<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('query: not JSON; expected an array of steps such as [{"_name":"listCase"}]');
  }
  const steps = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { query?: unknown }).query)
      ? (parsed as { query: unknown[] }).query
      : undefined;
  if (!steps || steps.length === 0 || !steps.every((s) => s && typeof s === 'object' && !Array.isArray(s)))
    throw badRequest('query: expected a non-empty array of steps such as [{"_name":"listCase"}]');
  return steps as Array<Record<string, unknown>>;
}

/** The default CSV columns of an entity: its described scalar attributes. */
function defaultFields(entity: string): string[] {
  const described = describeModel(entity);
  return described ? described.attributes.map((a) => a.name) : ['_id', '_type', '_createdAt', '_createdBy'];
}

/** One CSV cell (RFC 4180), neutralising spreadsheet formulas (a leading =, +, -, @ gets a quote). */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value)
    ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const valueAt = (item: Item, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Item)[k] : undefined), item);

async function* pages(
  deps: Deps,
  c: RequestContext,
  env: QueryEnv,
  sel: Selection,
  first: Item[],
): AsyncGenerator<Item[]> {
  const size = deps.config.query.exportPageSize;
  let page = first;
  let offset = 0;
  for (;;) {
    if (page.length > 0) yield page;
    if (page.length < size) return;
    offset += size;
    page = await readPage(deps, c, env, sel, offset, size);
  }
}

async function readPage(
  deps: Deps,
  c: RequestContext,
  env: QueryEnv,
  sel: Selection,
  offset: number,
  limit: number,
): Promise<Item[]> {
  const rows = await fetchRows(env, { ...sel, page: { offset, limit } });
  return (await renderRows(deps, c, sel.entity.name, 'v1', rows)) as Item[];
}

async function* asJson(source: AsyncGenerator<Item[]>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const page of source) {
    let chunk = '';
    for (const item of page) {
      chunk += `${first ? '' : ','}${JSON.stringify(item)}`;
      first = false;
    }
    yield chunk;
  }
  yield ']';
}

async function* asCsv(source: AsyncGenerator<Item[]>, fields: string[]): AsyncGenerator<string> {
  yield `${fields.map(csvCell).join(',')}\r\n`;
  for await (const page of source) {
    yield page.map((item) => `${fields.map((f) => csvCell(valueAt(item, f))).join(',')}\r\n`).join('');
  }
}

export const exportRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/export',
      {
        schema: {
          querystring: ExportQuery,
          response: {
            200: {
              description: 'a JSON array of v1 objects, or CSV with a header line (streamed)',
              content: {
                'application/json': { schema: Type.Array(Type.Unknown()) },
                'text/csv': { schema: Type.String() },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const { env, sel } = await selectionOfQuery(deps, c, parseSteps(request.query.query));
        const fields = request.query.fields
          ? request.query.fields
              .split(',')
              .map((f) => f.trim())
              .filter((f) => f !== '')
          : defaultFields(sel.entity.name);
        if (fields.length === 0 || fields.length > 200)
          throw badRequest('fields: give from 1 to 200 comma-separated field names');
        const first = await readPage(deps, c, env, sel, 0, deps.config.query.exportPageSize);
        const source = pages(deps, c, env, sel, first);
        const csv = request.query.format === 'csv';
        const name = `${sel.entity.name}-export.${csv ? 'csv' : 'json'}`;
        reply
          .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`);
        // a stream is sent as it is read (the response schema documents what it carries)
        const body = Readable.from(csv ? asCsv(source, fields) : asJson(source));
        return reply.send(body as unknown as string);
      },
    );
    app.get(
      '/export/_fields',
      { schema: { querystring: Type.Pick(ExportQuery, ['query']), response: ok(list(Type.String())) } },
      async (request) => {
        const { sel } = await selectionOfQuery(deps, ctx(request), parseSteps(request.query.query));
        return defaultFields(sel.entity.name);
      },
    );
  };
