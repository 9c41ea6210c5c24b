/**
 * `GET /api/v1/export` on SQLite and PostgreSQL: a query's result as JSON or CSV, streamed page by
 * page (several pages here), the organisation's scope kept, bad queries answered 400 before any byte.
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import { csvCell } from './export.js';

const PAGE = 100;
const ROWS = 1_050;

describe('GET /api/v1/export', () => {
  const server = useTestServer({ query: { limitedCountThreshold: 1000, exportPageSize: PAGE } });
  const soc = useOrganisation(server, 'exporter');
  const other = useOrganisation(server, 'bystander');

  const url = (steps: unknown[], extra = '') =>
    `${server.url}/api/v1/export?query=${encodeURIComponent(JSON.stringify(steps))}${extra}`;
  const auth = (key: string | undefined, org: string) => ({
    authorization: `Bearer ${key}`,
    'x-organisation': org,
  });

  it('streams every row of a query spanning several pages, as JSON and as CSV', async () => {
    const kase = await createCase(soc.analyst, { title: 'export, "quoted"' });
    const values = Array.from({ length: ROWS }, (_, i) => `host${String(i).padStart(4, '0')}.export.test`);
    await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/observable`, { dataType: 'domain', data: values }),
      'observables',
    );
    const steps = [
      { _name: 'getCase', idOrName: kase._id },
      { _name: 'observables' },
      { _name: 'sort', _fields: [{ data: 'asc' }] },
    ];
    const res = await fetch(url(steps), { headers: auth(soc.analyst.auth.key, soc.name) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    // streamed: no length known in advance
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    // the first bytes arrive before the last page is written
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const firstChunk = decoder.decode((await reader.read()).value);
    expect(firstChunk.startsWith('[')).toBe(true);
    expect(firstChunk).not.toContain(values.at(-1));
    let text = firstChunk;
    let chunks = 1;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks += 1;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const items = JSON.parse(text) as Array<{ data: string; _type: string }>;
    expect(items.map((o) => o.data)).toEqual(values);
    expect(items[0]!._type).toBe('Observable');

    const csv = await fetch(url(steps, '&format=csv&fields=data,dataType,tags,_id'), {
      headers: auth(soc.analyst.auth.key, soc.name),
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('observable-export.csv');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('data,dataType,tags,_id');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[1]).toBe(`${values[0]},domain,,${items[0] && (items[0] as unknown as { _id: string })._id}`);

    // default columns: the model's described attributes; quoting of commas and quotes
    const cases = await fetch(url([{ _name: 'getCase', idOrName: kase._id }], '&format=csv'), {
      headers: auth(soc.analyst.auth.key, soc.name),
    });
    const [header, row] = (await cases.text()).trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual(
      expect.arrayContaining(['_id', 'number', 'title', 'status', 'severity']),
    );
    expect(row).toContain('"export, ""quoted"""');
    const fields = await soc.analyst.get(
      `/api/v1/export/_fields?query=${encodeURIComponent(JSON.stringify([{ _name: 'listCase' }]))}`,
    );
    expect(fields.body).toEqual(header!.split(','));

    // another organisation exports none of it
    const theirs = await fetch(url(steps), { headers: auth(other.analyst.auth.key, other.name) });
    expect(await theirs.json()).toEqual([]);
  }, 120_000);

  it('answers 400 for a bad query, 401 without credentials', async () => {
    for (const [q, message] of [
      ['not json', 'not JSON'],
      ['[]', 'non-empty array'],
      [JSON.stringify([{ _name: 'listNothing' }]), 'listNothing'],
      [JSON.stringify([{ _name: 'listCase' }, { _name: 'page', from: 0, to: 10 }]), 'page'],
      [JSON.stringify([{ _name: 'listCase' }, { _name: 'filter', _field: 'nope', _value: 1 }]), 'nope'],
    ]) {
      const res = await soc.analyst.get(`/api/v1/export?query=${encodeURIComponent(q!)}`);
      expect(res.status, res.text).toBe(400);
      expect(res.body.message).toContain(message);
    }
    const badFormat = await soc.analyst.get(
      `/api/v1/export?query=${encodeURIComponent('[{"_name":"listCase"}]')}&format=xml`,
    );
    expect(badFormat.status).toBe(400);
    expect((await fetch(url([{ _name: 'listCase' }]))).status).toBe(401);
  });

  it('writes safe CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(['a', 'b'])).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });
});
