/**
 * TheHive 5's observable operations (docs/observables.md): merging a case's duplicates, the
 * observables two cases or alerts share, retyping a type everywhere; permissions, isolation, bad
 * input — on SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'obs-soc');
const other = useOrganisation(server, 'obs-other');

const caseWithObservables = async (title: string, observables: Array<{ dataType: string; data: string }>) => {
  const kase = await expectOk(soc.analyst.post('/api/v1/case', { title, description: 'x' }), 'case');
  for (const o of observables)
    await expectOk(soc.analyst.post(`/api/v1/case/${kase._id}/observable`, o), 'obs');
  return kase;
};

describe('observable operations', () => {
  it('lists the observables two cases, or a case and an alert, have in common', async () => {
    const a = await caseWithObservables('sim a', [
      { dataType: 'domain', data: 'shared.example' },
      { dataType: 'ip', data: '10.0.0.1' },
    ]);
    const b = await caseWithObservables('sim b', [
      { dataType: 'domain', data: 'shared.example' },
      { dataType: 'ip', data: '10.0.0.2' },
    ]);
    const res = await soc.analyst.get(`/api/v1/case/${a._id}/similar/${b._id}/observables`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((o: { data: string }) => o.data)).toEqual(['shared.example']);
    expect(res.body[0]).toMatchObject({ _type: 'Observable', dataType: 'domain' });
    const alert = await expectOk(
      soc.analyst.post('/api/v1/alert', {
        type: 't',
        source: 's',
        sourceRef: 'sim-1',
        title: 'sim alert',
        description: 'x',
        observables: [{ dataType: 'ip', data: '10.0.0.2' }],
      }),
      'alert',
    );
    const fromAlert = await soc.analyst.get(`/api/v1/alert/${alert._id}/similar/${b._id}/observables`);
    expect(fromAlert.body.map((o: { data: string }) => o.data)).toEqual(['10.0.0.2']);
    // another organisation's case is not found
    expect((await other.analyst.get(`/api/v1/case/${a._id}/similar/${b._id}/observables`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/v1/case/${a._id}/similar/~99999999/observables`)).status).toBe(404);
  });

  it('merges a case observables that hold the same value', async () => {
    const kase = await caseWithObservables('merge', [
      { dataType: 'domain', data: 'dup.example' },
      { dataType: 'ip', data: '10.1.1.1' },
    ]);
    // a value stored before its canonical form (lowercase) was applied: the same domain, another key
    const db = server.propolis.storage.db as any;
    const [first] = (
      await soc.analyst.post('/api/v1/query', {
        query: [
          { _name: 'getCase', idOrName: kase._id },
          { _name: 'observables' },
          { _name: 'filter', _eq: { _field: 'dataType', _value: 'domain' } },
        ],
      })
    ).body;
    const row = await db
      .selectFrom('observable')
      .selectAll()
      .where('id', '=', Number(first._id.slice(1)))
      .executeTakeFirst();
    const raw = 'DUP.Example';
    await db
      .insertInto('observable')
      .values({
        ...row,
        id: undefined,
        data: raw,
        data_key: createHash('sha256').update(raw).digest('hex'),
        ioc: 1,
        tags: '["legacy"]',
      })
      .execute();
    expect((await soc.readOnly.post(`/api/v1/case/${kase._id}/observable/_merge`)).status).toBe(403);
    const merged = await soc.analyst.post(`/api/v1/case/${kase._id}/observable/_merge`);
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body).toEqual({ untouched: 1, updated: 1, deleted: 1 });
    const after = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'observables' }],
    });
    const domain = after.body.find((o: { dataType: string }) => o.dataType === 'domain');
    expect(after.body).toHaveLength(2);
    expect(domain).toMatchObject({ _id: first._id, data: 'dup.example', ioc: true, tags: ['legacy'] });
    const again = await soc.analyst.post(`/api/v1/case/${kase._id}/observable/_merge`);
    expect(again.body).toEqual({ untouched: 2, updated: 0, deleted: 0 });
    expect((await other.analyst.post(`/api/v1/case/${kase._id}/observable/_merge`)).status).toBe(404);
  });

  it('retypes every observable of a type, merging into an existing twin', async () => {
    const kase = await caseWithObservables('retype', [
      { dataType: 'other', data: 'Twin.Example' },
      { dataType: 'domain', data: 'twin.example' },
      { dataType: 'other', data: 'alone.example' },
    ]);
    expect((await soc.orgAdmin.put('/api/v1/observable/type/update/other/domain')).status).toBe(403);
    expect((await server.admin.put('/api/v1/observable/type/update/other/nosuchtype')).status).toBe(404);
    expect((await server.admin.put('/api/v1/observable/type/update/other/file')).status).toBe(400);
    const res = await server.admin.put('/api/v1/observable/type/update/other/domain');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ updated: 1, merged: 1 });
    const after = await soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'getCase', idOrName: kase._id },
        { _name: 'observables' },
        { _name: 'sort', _fields: [{ data: 'asc' }] },
      ],
    });
    expect(after.body.map((o: { dataType: string; data: string }) => `${o.dataType}:${o.data}`)).toEqual([
      'domain:alone.example',
      'domain:twin.example',
    ]);
  });
});
