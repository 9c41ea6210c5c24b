/**
 * Merging cases (SQLite and PostgreSQL): a new case with the union of tasks, tags and deduplicated
 * observables, and everything else the sources held; the sources are deleted (404 afterwards), with
 * a delete audit row each, in the same transaction.
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

describe('case merge', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('merges two cases through v1 and one more pair through v0', async () => {
    const a = (
      await soc.analyst.post('/api/v1/case', {
        title: 'Case A',
        description: 'first',
        severity: 2,
        tlp: 1,
        tags: ['x'],
        tasks: [{ title: 'Triage' }, { title: 'Contain', status: 'InProgress' }],
      })
    ).body;
    const b = (
      await soc.analyst.post('/api/v1/case', {
        title: 'Case B',
        description: 'second',
        severity: 4,
        tlp: 3,
        tags: ['y'],
        tasks: [{ title: 'Triage' }],
      })
    ).body;
    const contain = (await soc.analyst.get(`/api/v1/case/${a._id}/task`)).body[1];
    await soc.analyst.post(`/api/v1/task/${contain._id}/log`, { message: 'isolated the host' });
    for (const c of [a, b]) {
      const obs = await soc.analyst.post(`/api/v1/case/${c._id}/observable`, {
        dataType: 'ip',
        data: '10.1.2.3',
        tags: [c.title],
      });
      expect(obs.status).toBe(201);
    }
    await soc.analyst.post(`/api/v1/case/${b._id}/observable`, { dataType: 'domain', data: 'evil.example' });

    const merged = await soc.analyst.post(`/api/v1/case/_merge/${a._id},${b._id}`);
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({
      title: 'Case A / Case B',
      severity: 4,
      tlp: 3,
      tags: ['x', 'y'],
      stage: 'InProgress',
    });
    expect(merged.body.description).toContain('first');
    expect(merged.body.description).toContain('second');
    const tasks = (await soc.analyst.get(`/api/v1/case/${merged.body._id}/task`)).body;
    expect(tasks.map((t: { title: string }) => t.title).sort()).toEqual(['Contain', 'Triage']);
    const copiedContain = tasks.find((t: { title: string }) => t.title === 'Contain');
    const logs = (await soc.analyst.get(`/api/v1/task/${copiedContain._id}/log`)).body;
    expect(logs.map((l: { message: string }) => l.message)).toEqual(['isolated the host']);

    // the same observable in both sources is one observable now, with both sources' tags
    const observables = (
      await soc.analyst.post('/api/v1/query', {
        query: [{ _name: 'getCase', idOrName: merged.body._id }, { _name: 'observables' }],
      })
    ).body;
    expect(observables).toHaveLength(2);
    expect(observables.find((o: { data: string }) => o.data === '10.1.2.3').tags.sort()).toEqual([
      'Case A',
      'Case B',
    ]);
    const links = await soc.analyst.get(`/api/case/${merged.body._id}/links`);
    expect(links.status).toBe(200);
    expect(links.body).toEqual([]);
    // the sources are gone, on both APIs
    for (const path of [`/api/v1/case/${a._id}`, `/api/case/${a._id}`, `/api/v1/case/${b._id}`])
      expect((await soc.analyst.get(path)).status).toBe(404);
    const again = await soc.analyst.post(`/api/v1/case/_merge/${a._id},${b._id}`);
    expect(again.status).toBe(404);

    const c = (await soc.analyst.post('/api/case', { title: 'C', description: 'c' })).body;
    const d = (await soc.analyst.post('/api/case', { title: 'D', description: 'd' })).body;
    const v0merge = await soc.analyst.post(`/api/case/${c._id}/_merge/${d._id}`);
    expect(v0merge.status).toBe(201);
    expect(v0merge.body).toMatchObject({ _type: 'case', title: 'C / D', status: 'Open' });
    expect((await soc.analyst.get(`/api/case/${c._id}`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/case/${d._id}`)).status).toBe(404);
  });

  it('refuses a single case, a foreign case and read-only users', async () => {
    const a = await createCase(soc.analyst, { title: 'Alone', description: 'x' });
    expect((await soc.analyst.post(`/api/v1/case/_merge/${a._id}`)).status).toBe(400);
    const foreign = await createCase(other.analyst, { title: 'Foreign', description: 'x' });
    const res = await soc.analyst.post(`/api/v1/case/_merge/${a._id},${foreign._id}`);
    expect(res.status).toBe(404);
    const b = await createCase(soc.analyst, { title: 'Other', description: 'x' });
    expect((await soc.readOnly.post(`/api/v1/case/_merge/${a._id},${b._id}`)).status).toBe(403);
  });

  it('keeps everything the sources held and deletes them, audited', async () => {
    const a1 = soc.analyst;
    await expectOk(server.admin.put('/api/v1/organisation/soc/link/other', {}), 'link');
    await expectOk(
      server.admin.post('/api/v1/customField', { name: 'merge-ref', type: 'string', description: 'r' }),
      'cf',
    );
    await expectOk(
      server.admin.post('/api/v1/pattern/import/attack', {
        type: 'bundle',
        objects: [
          {
            type: 'attack-pattern',
            id: 'attack-pattern--merge',
            name: 'Spearphishing',
            external_references: [{ source_name: 'mitre-attack', external_id: 'T0865' }],
            kill_chain_phases: [{ kill_chain_name: 'mitre-ics-attack', phase_name: 'initial-access' }],
          },
        ],
      }),
      'catalog',
    );
    const make = (title: string, ref: string) =>
      createCase(a1, {
        title,
        description: title,
        customFields: [{ name: 'merge-ref', value: ref, order: 0 }],
      });
    const a = await make('Full A', 'A-1');
    const b = await make('Full B', 'B-1');
    const third = await createCase(a1, { title: 'Third', description: 'x' });
    for (const [c, n] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      await expectOk(a1.post(`/api/v1/case/${c._id}/comment`, { message: `comment ${n}` }), 'comment');
      await expectOk(
        a1.post(`/api/v1/case/${c._id}/page`, { title: `page ${n}`, category: 'c', content: n }),
        'page',
      );
      await expectOk(
        a1.post(`/api/v1/case/${c._id}/procedure`, {
          patternId: 'T0865',
          occurDate: 1_700_000_000_000,
          tactic: 'initial-access',
          description: n,
        }),
        'procedure',
      );
      await expectOk(
        a1.post(`/api/v1/case/${c._id}/customEvent`, { date: 1_700_000_000_000, title: `event ${n}` }),
        'event',
      );
      await expectOk(
        postMultipart(a1, `/api/v1/case/${c._id}/attachments`, [
          { name: 'attachments', filename: `${n}.txt`, data: Buffer.from(n) },
        ]),
        'file',
      );
      await expectOk(
        a1.post(`/api/v1/case/${c._id}/link/external/add`, {
          type: 'Ticket',
          url: 'https://tickets.example/1',
        }),
        'ext',
      );
      const share = await a1.put(`/api/v1/case/${c._id}/shares`, {
        shares: [{ organisation: 'other', profile: 'analyst', taskRule: 'all', observableRule: 'all' }],
      });
      expect(share.status, share.text).toBe(200);
    }
    expect(
      (await a1.post(`/api/v1/case/${a._id}/link/case/add`, { type: 'Related', caseId: third._id })).status,
    ).toBe(204);
    expect(
      (await a1.post(`/api/v1/case/${a._id}/link/case/add`, { type: 'Related', caseId: b._id })).status,
    ).toBe(204);
    const alert = await postAlert(a1, { title: 'merged alert' });
    expect((await a1.post(`/api/v1/alert/${alert._id}/merge/${b._id}`)).status).toBeLessThan(300);

    const merged = await expectOk(a1.post(`/api/v1/case/_merge/${a._id},${b._id}`), 'merge');
    const id = merged._id;
    const q = async (name: string) =>
      (await a1.post('/api/v1/query', { query: [{ _name: 'getCase', idOrName: id }, { _name: name }] })).body;
    expect((await q('comments')).map((c: { message: string }) => c.message).sort()).toEqual([
      'comment a',
      'comment b',
    ]);
    expect((await q('procedures')).map((p: { description: string }) => p.description).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(
      (await a1.get(`/api/v1/case/${id}/page`)).body.map((p: { title: string }) => p.title).sort(),
    ).toEqual(['page a', 'page b']);
    const files = (await a1.get(`/api/v1/case/${id}/attachments`)).body;
    expect(files.map((f: { name: string }) => f.name).sort()).toEqual(['a.txt', 'b.txt']);
    const full = (await a1.get(`/api/v1/case/${id}`)).body;
    expect(full.customFields).toMatchObject([{ name: 'merge-ref', value: 'A-1' }]);
    const links = (
      await a1.post('/api/v1/query', {
        query: [
          { _name: 'getCase', idOrName: id },
          { _name: 'page', from: 0, to: 1, extraData: ['links'] },
        ],
      })
    ).body[0].extraData.links;
    // the link between the sources is gone, the one to the third case now starts from the merged case
    expect(links.cases).toMatchObject([{ caseId: third._id }]);
    expect(links.external).toHaveLength(1);
    expect((await a1.get(`/api/v1/alert/${alert._id}`)).body.caseId).toBe(id);
    const timeline = JSON.stringify((await a1.get(`/api/v1/case/${id}/timeline`)).body);
    expect(timeline).toContain(`Merged from #${a.number} Full A, #${b.number} Full B`);
    expect(timeline).toContain('event a');
    // still shared with the other organisation, once
    expect((await other.analyst.get(`/api/v1/case/${id}`)).status).toBe(200);
    expect((await a1.get(`/api/v1/case/${id}/shares`)).body).toHaveLength(1);
    for (const c of [a, b]) {
      expect((await a1.get(`/api/v1/case/${c._id}`)).status).toBe(404);
      expect((await other.analyst.get(`/api/v1/case/${c._id}`)).status).toBe(404);
    }
    const audit = (
      await a1.post('/api/v1/query', {
        query: [{ _name: 'listAudit' }, { _name: 'filter', _eq: { _field: 'objectId', _value: a._id } }],
      })
    ).body as Array<{ action: string; details: Record<string, unknown> }>;
    expect(audit.find((r) => r.action === 'delete')?.details).toMatchObject({ mergedInto: id });
  });

  it('a restricted source keeps the merged case restricted to its users', async () => {
    const a = await createCase(soc.analyst, { title: 'Open', description: 'x' });
    const b = await createCase(soc.analyst, { title: 'Secret', description: 'x' });
    const restrict = await soc.analyst.post(`/api/v1/case/${b._id}/access`, {
      access: { kind: 'restricted', users: [soc.logins.analyst] },
    });
    expect(restrict.status, restrict.text).toBeLessThan(300);
    const merged = await expectOk(soc.analyst.post(`/api/v1/case/_merge/${a._id},${b._id}`), 'merge');
    expect(merged.access).toEqual({ kind: 'restricted', users: [soc.logins.analyst] });
    expect((await soc.readOnly.get(`/api/v1/case/${merged._id}`)).status).toBe(404);
  });
});
