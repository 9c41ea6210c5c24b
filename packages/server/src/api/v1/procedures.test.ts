/**
 * TTPs (TheHive 5): the ATT&CK catalog imported from MITRE's real ICS bundle (twice: nothing
 * doubles), sub-techniques and revoked/deprecated techniques, patterns of a case, and procedures
 * on cases and alerts as thehive4py 2.x calls them, moved to the case when an alert is imported.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase, expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { multipartBody } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';
import { icsAttackBundle } from '../../test-support/shared-data.js';

const query = (q: unknown[]) => ({ query: q });
const day = Date.UTC(2026, 0, 10);

/** A small enterprise-style bundle: a technique, its sub-technique (by relationship), a revoked one. */
const enterprise = {
  type: 'bundle',
  id: 'bundle--1',
  objects: [
    {
      type: 'attack-pattern',
      id: 'attack-pattern--parent',
      name: 'Command and Scripting Interpreter',
      modified: '2025-01-01T00:00:00Z',
      external_references: [
        {
          source_name: 'mitre-attack',
          external_id: 'T1059',
          url: 'https://attack.mitre.org/techniques/T1059',
        },
      ],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
      x_mitre_platforms: ['Windows', 'Linux'],
      x_mitre_version: '2.5',
    },
    {
      type: 'attack-pattern',
      id: 'attack-pattern--child',
      name: 'PowerShell',
      modified: '2025-01-01T00:00:00Z',
      external_references: [
        {
          source_name: 'mitre-attack',
          external_id: 'T1059.001',
          url: 'https://attack.mitre.org/techniques/T1059/001',
        },
        {
          source_name: 'capec',
          external_id: 'CAPEC-1',
          url: 'https://capec.mitre.org/data/definitions/1.html',
        },
      ],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
      x_mitre_is_subtechnique: true,
      x_mitre_version: '1.0',
    },
    {
      type: 'relationship',
      id: 'relationship--1',
      relationship_type: 'subtechnique-of',
      source_ref: 'attack-pattern--child',
      target_ref: 'attack-pattern--parent',
    },
    {
      type: 'attack-pattern',
      id: 'attack-pattern--old',
      name: 'Old technique',
      revoked: true,
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1999' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'defense-evasion' }],
    },
  ],
};

describe('patterns and procedures', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');
  let ics: string;

  beforeAll(async () => {
    ics = readFileSync(icsAttackBundle(), 'utf8');
    const first = await server.admin.send('POST', '/api/v1/pattern/import/attack', undefined, {
      raw: ics,
      headers: { 'content-type': 'application/json' },
    });
    if (first.status !== 200) throw new Error(`import: ${first.status} ${first.text}`);
  }, 120_000);

  it('imports the ICS matrix once: a second import (multipart) changes nothing', async () => {
    const bundle = JSON.parse(ics) as { objects: Array<{ type: string }> };
    const techniques = bundle.objects.filter((o) => o.type === 'attack-pattern').length;
    const count = async () =>
      (await server.admin.post('/api/v1/query', query([{ _name: 'listPattern' }, { _name: 'count' }]))).body;
    expect(await count()).toBe(techniques);
    const upload = multipartBody([{ name: 'file', filename: 'ics-attack.json', data: ics }]);
    const again = await server.admin.send('POST', '/api/v1/pattern/import/attack', undefined, {
      raw: upload.body,
      headers: { 'content-type': upload.contentType },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: techniques, total: techniques });
    expect(await count()).toBe(techniques);

    const t0803 = await soc.readOnly.get('/api/v1/pattern/T0803');
    expect(t0803.status).toBe(200);
    expect(t0803.body).toMatchObject({
      _type: 'Pattern',
      patternId: 'T0803',
      name: 'Block Command Message',
      tactics: ['inhibit-response-function'],
      url: 'https://attack.mitre.org/techniques/T0803',
      patternType: 'attack-pattern',
      revoked: false,
      deprecated: false,
      version: '1.1',
    });
    expect((await soc.readOnly.get(`/api/v1/pattern/${t0803.body._id}`)).body).toEqual(t0803.body);
    const deprecated = await server.admin.post(
      '/api/v1/query',
      query([
        { _name: 'listPattern' },
        { _name: 'filter', _eq: { _field: 'deprecated', _value: true } },
        { _name: 'count' },
      ]),
    );
    expect(deprecated.body).toBe(12);
    expect((await soc.readOnly.get('/api/v1/pattern/T9999')).status).toBe(404);
  });

  it('links sub-techniques to their parent and keeps revoked techniques', async () => {
    const res = await server.admin.post('/api/v1/pattern/import/attack', enterprise);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 3, total: 3 });
    const child = (await soc.analyst.get('/api/v1/pattern/T1059.001')).body;
    expect(child).toMatchObject({ name: 'PowerShell', parent: 'T1059', capecId: 'CAPEC-1' });
    expect((await soc.analyst.get('/api/v1/pattern/T1999')).body).toMatchObject({ revoked: true });
    const children = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getPattern', idOrName: 'T1059' }, { _name: 'children' }]),
    );
    expect(children.body.map((p: { patternId: string }) => p.patternId)).toEqual(['T1059.001']);
    expect((await server.admin.post('/api/v1/pattern/import/attack', enterprise)).body).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
  });

  it('refuses imports from non-administrators and files that are not bundles', async () => {
    const before = (
      await server.admin.post('/api/v1/query', query([{ _name: 'listPattern' }, { _name: 'count' }]))
    ).body;
    const denied = await soc.orgAdmin.post('/api/v1/pattern/import/attack', enterprise);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('managePattern');
    const notBundle = await server.admin.post('/api/v1/pattern/import/attack', {
      type: 'indicator',
      objects: [],
    });
    expect(notBundle.status).toBe(400);
    const upload = multipartBody([{ name: 'file', filename: 'x.json', data: 'not json' }]);
    const garbage = await server.admin.send('POST', '/api/v1/pattern/import/attack', undefined, {
      raw: upload.body,
      headers: { 'content-type': upload.contentType },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toContain('not JSON');
    expect(
      (await server.admin.post('/api/v1/query', query([{ _name: 'listPattern' }, { _name: 'count' }]))).body,
    ).toBe(before);
  });

  it('runs the thehive4py 2.x procedure sequence on a case', async () => {
    const kase = await createCase(soc.analyst);
    const created = await soc.analyst.post(`/api/v1/case/${kase._id}/procedure`, {
      occurDate: day,
      patternId: 'T0803',
      tactic: 'Inhibit Response Function',
      description: 'Blocked the trip command',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'Procedure',
      occurDate: day,
      patternId: 'T0803',
      patternName: 'Block Command Message',
      tactic: 'inhibit-response-function',
      tacticLabel: 'Inhibit Response Function',
      description: 'Blocked the trip command',
      extraData: {},
    });
    const bulk = await soc.analyst.post(`/api/v1/case/${kase._id}/procedures`, {
      procedures: [
        { occurDate: day + 1, patternId: 'T1059.001' },
        { occurDate: day + 2, patternId: 'T0803', tactic: 'inhibit-response-function' },
      ],
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.map((p: { patternId: string; tactic: string }) => [p.patternId, p.tactic])).toEqual([
      ['T1059.001', 'execution'],
      ['T0803', 'inhibit-response-function'],
    ]);
    // find_procedures with extraData, get, update
    const found = await soc.readOnly.post(
      '/api/v1/query?name=case-procedures',
      query([
        { _name: 'getCase', idOrName: kase._id },
        { _name: 'procedures' },
        { _name: 'sort', _fields: [{ occurDate: 'asc' }] },
        { _name: 'page', from: 0, to: 10, extraData: ['pattern', 'patternParent'] },
      ]),
    );
    expect(found.body).toHaveLength(3);
    expect(found.body[1].extraData.pattern).toMatchObject({ patternId: 'T1059.001', parent: 'T1059' });
    expect(found.body[1].extraData.patternParent).toMatchObject({
      patternId: 'T1059',
      name: 'Command and Scripting Interpreter',
    });
    expect(found.body[0].extraData.patternParent).toBeUndefined();
    const byPattern = await soc.analyst.post(
      '/api/v1/query?name=procedures',
      query([
        { _name: 'listProcedure' },
        { _name: 'filter', _eq: { _field: 'patternId', _value: 'T0803' } },
        { _name: 'count' },
      ]),
    );
    expect(byPattern.body).toBeGreaterThanOrEqual(2);
    const id = created.body._id;
    expect(
      (await soc.analyst.patch(`/api/v1/procedure/${id}`, { description: 'edited', occurDate: day + 5 }))
        .status,
    ).toBe(204);
    const [got] = (await soc.analyst.post('/api/v1/query', query([{ _name: 'getProcedure', idOrName: id }])))
      .body;
    expect(got).toMatchObject({ description: 'edited', occurDate: day + 5, patternId: 'T0803' });
    const patterns = await soc.readOnly.get(`/api/v1/pattern/case/${kase._id}`);
    expect(patterns.body.map((p: { patternId: string }) => p.patternId)).toEqual(['T0803', 'T1059.001']);

    expect((await soc.analyst.delete(`/api/v1/procedure/${id}`)).status).toBe(204);
    const rest = bulk.body.map((p: { _id: string }) => p._id);
    expect((await soc.analyst.post('/api/v1/procedure/delete/_bulk', { ids: rest })).status).toBe(204);
    expect(
      (
        await soc.analyst.post(
          '/api/v1/query',
          query([{ _name: 'getCase', idOrName: kase._id }, { _name: 'procedures' }]),
        )
      ).body,
    ).toEqual([]);
  });

  it('refuses unknown patterns and wrong tactics, read-only writers and other organisations, changing nothing', async () => {
    const kase = await createCase(soc.analyst);
    const unknown = await soc.analyst.post(`/api/v1/case/${kase._id}/procedure`, {
      occurDate: day,
      patternId: 'T9999',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('unknown pattern "T9999"');
    const tactic = await soc.analyst.post(`/api/v1/case/${kase._id}/procedure`, {
      occurDate: day,
      patternId: 'T0803',
      tactic: 'exfiltration',
    });
    expect(tactic.status).toBe(400);
    expect(tactic.body.message).toContain('Inhibit Response Function');
    // one bad item in a bulk: none is recorded
    const bulk = await soc.analyst.post(`/api/v1/case/${kase._id}/procedures`, {
      procedures: [
        { occurDate: day, patternId: 'T0803' },
        { occurDate: day, patternId: 'T0000' },
      ],
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.message).toContain('procedures[1].patternId');
    const ro = await soc.readOnly.post(`/api/v1/case/${kase._id}/procedure`, {
      occurDate: day,
      patternId: 'T0803',
    });
    expect(ro.status).toBe(403);
    expect(ro.body.message).toContain('manageProcedure');
    const p = await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/procedure`, { occurDate: day, patternId: 'T0803' }),
      'p',
    );
    expect(
      (await other.analyst.post(`/api/v1/case/${kase._id}/procedure`, { occurDate: day, patternId: 'T0803' }))
        .status,
    ).toBe(404);
    expect((await other.analyst.patch(`/api/v1/procedure/${p._id}`, { description: 'x' })).status).toBe(404);
    expect((await other.analyst.post('/api/v1/procedure/delete/_bulk', { ids: [p._id] })).status).toBe(404);
    expect((await other.analyst.get(`/api/v1/pattern/case/${kase._id}`)).status).toBe(404);
    expect(
      (await soc.analyst.post('/api/v1/procedure/delete/_bulk', { ids: [p._id, '~999999'] })).status,
    ).toBe(404);
    expect((await soc.analyst.patch(`/api/v1/procedure/${p._id}`, { patternId: 'T4242' })).status).toBe(400);
    const left = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getCase', idOrName: kase._id }, { _name: 'procedures' }]),
    );
    expect(left.body.map((x: { _id: string; patternId: string }) => [x._id, x.patternId])).toEqual([
      [p._id, 'T0803'],
    ]);
  });

  it('moves alert procedures to the case on import and on merge', async () => {
    const alert = await postAlert(soc.analyst);
    expect(
      (
        await soc.analyst.post(`/api/v1/alert/${alert._id}/procedures`, {
          procedures: [
            { occurDate: day, patternId: 'T0803' },
            { occurDate: day, patternId: 'T1059' },
          ],
        })
      ).status,
    ).toBe(201);
    const listed = await soc.analyst.post(
      '/api/v1/query?name=alert-procedures',
      query([{ _name: 'getAlert', idOrName: alert._id }, { _name: 'procedures' }]),
    );
    expect(listed.body).toHaveLength(2);
    const kase = await expectOk(soc.analyst.post(`/api/v1/alert/${alert._id}/case`, {}), 'import');
    const onCase = async (id: string) =>
      (
        await soc.analyst.post(
          '/api/v1/query',
          query([{ _name: 'getCase', idOrName: id }, { _name: 'procedures' }]),
        )
      ).body.map((p: { patternId: string }) => p.patternId);
    expect((await onCase(kase._id)).sort()).toEqual(['T0803', 'T1059']);

    const second = await postAlert(soc.analyst);
    await expectOk(
      soc.analyst.post(`/api/v1/alert/${second._id}/procedure`, { occurDate: day, patternId: 'T0803' }),
      'same',
    );
    await expectOk(
      soc.analyst.post(`/api/v1/alert/${second._id}/procedure`, { occurDate: day, patternId: 'T1059.001' }),
      'new',
    );
    await expectOk(soc.analyst.post(`/api/v1/alert/${second._id}/merge/${kase._id}`), 'merge');
    // the same technique at the same date is recorded once
    expect((await onCase(kase._id)).sort()).toEqual(['T0803', 'T1059', 'T1059.001']);
  });

  it('deletes a pattern no procedure records (platform administrators only)', async () => {
    expect((await server.admin.post('/api/v1/pattern/import/attack', enterprise)).status).toBe(200);
    const kase = await createCase(soc.analyst);
    await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/procedure`, {
        patternId: 'T1059.001',
        occurDate: 1_700_000_000_000,
      }),
      'procedure',
    );
    expect((await soc.orgAdmin.delete('/api/v1/pattern/T1999')).status).toBe(403);
    const used = await server.admin.delete('/api/v1/pattern/T1059.001');
    expect(used.status).toBe(400);
    expect(used.body.message).toContain('procedure');
    expect((await soc.analyst.get('/api/v1/pattern/T1059.001')).status).toBe(200);
    expect((await server.admin.delete('/api/v1/pattern/T1999')).status).toBe(204);
    expect((await soc.analyst.get('/api/v1/pattern/T1999')).status).toBe(404);
    expect((await server.admin.delete('/api/v1/pattern/T1999')).status).toBe(404);
  });

  it('takes procedures in POST /alert (thehive4py 2.x InputAlert), all or nothing', async () => {
    const alert = await postAlert(soc.analyst, {
      procedures: [{ occurDate: day, patternId: 'T0803', description: 'seen in the PLC logs' }],
    });
    const listed = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getAlert', idOrName: alert._id }, { _name: 'procedures' }]),
    );
    expect(listed.body).toMatchObject([
      { patternId: 'T0803', description: 'seen in the PLC logs', tactic: 'inhibit-response-function' },
    ]);
    const bad = await soc.analyst.post('/api/v1/alert', {
      type: 'siem',
      source: 'ttp',
      sourceRef: 'bad-procedure',
      title: 't',
      description: 'd',
      procedures: [{ occurDate: day, patternId: 'T4040' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('procedures[0].patternId');
    expect((await soc.analyst.get('/api/v1/alert/siem;ttp;bad-procedure')).status).toBe(404);
  });
});
