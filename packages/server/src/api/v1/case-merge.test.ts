/**
 * Merging cases: a new case with the union of tasks, tags and deduplicated observables; the
 * sources are closed as Duplicated and point to it.
 */
import { describe, expect, it } from 'vitest';
import { createCase } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
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

    const links = await soc.analyst.get(`/api/case/${merged.body._id}/links`);
    expect(links.status).toBe(200);
    // the sources hold the same observables: the merged case links to both
    expect(links.body.map((c: { _id: string }) => c._id).sort()).toEqual([a._id, b._id].sort());
    const sourceA = (await soc.analyst.get(`/api/v1/case/${a._id}`)).body;
    expect(sourceA).toMatchObject({ status: 'Duplicated', stage: 'Closed' });
    const v0 = (await soc.analyst.get(`/api/case/${a._id}`)).body;
    expect(v0).toMatchObject({ status: 'Duplicated', mergeInto: merged.body._id });

    const again = await soc.analyst.post(`/api/v1/case/_merge/${a._id},${b._id}`);
    expect(again.status).toBe(400);
    expect(again.body.message).toContain('already merged');

    const c = (await soc.analyst.post('/api/case', { title: 'C', description: 'c' })).body;
    const d = (await soc.analyst.post('/api/case', { title: 'D', description: 'd' })).body;
    const v0merge = await soc.analyst.post(`/api/case/${c._id}/_merge/${d._id}`);
    expect(v0merge.status).toBe(201);
    expect(v0merge.body).toMatchObject({ _type: 'case', title: 'C / D', status: 'Open' });
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
});
