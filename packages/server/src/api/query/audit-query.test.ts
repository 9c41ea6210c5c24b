/**
 * The audit trail through the query engine: v1 listAudit and v0 /api/audit/_search and _stats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('audit queries', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');
  let caseId: string;
  beforeAll(async () => {
    caseId = (await createCase(soc.analyst, { title: 'Audited', tasks: [{ title: 't' }] }))._id;
    await soc.analyst.patch(`/api/v1/case/${caseId}`, { severity: 4 });
    await other.analyst.post('/api/v1/case', { title: 'Elsewhere' });
  });

  it('lists the organisation audit newest first, filterable by object and action (v1)', async () => {
    const res = await soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'listAudit' },
        {
          _name: 'filter',
          _and: [
            { _field: 'rootId', _value: caseId },
            { _field: 'objectType', _value: 'Case' },
          ],
        },
        { _name: 'page', from: 0, to: 10, extraData: ['total'] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total')).toBe('2');
    expect(res.body.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(res.body[0]).toMatchObject({
      _type: 'Audit',
      objectId: caseId,
      _createdBy: soc.logins.analyst,
      details: { severity: 4 },
    });
    const all = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAudit' }, { _name: 'count' }],
    });
    const foreign = await soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'listAudit' },
        { _name: 'filter', _like: { _field: 'details', _value: '*Elsewhere*' } },
      ],
    });
    expect(all.body).toBe(3);
    expect(foreign.status === 400 || (Array.isArray(foreign.body) && foreign.body.length === 0)).toBe(true);
  });

  it('searches and counts with TheHive 3 names (v0)', async () => {
    const res = await soc.analyst.post('/api/audit/_search?range=all', {
      query: {
        _and: [
          { _field: 'operation', _value: 'Creation' },
          { _field: 'objectType', _value: 'Task' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({
      _type: 'audit',
      operation: 'Creation',
      objectType: 'case_task',
      rootId: caseId,
    });
    const stats = await soc.analyst.post('/api/audit/_stats', {
      query: { rootId: caseId },
      stats: [{ _agg: 'field', _field: 'objectType', _select: [{ _agg: 'count' }] }],
    });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ Case: { count: 2 }, Task: { count: 1 } });
    const otherSees = await other.analyst.post('/api/audit/_search?range=all', { query: { rootId: caseId } });
    expect(otherSees.body).toEqual([]);
  });
});

describe('v0 nparent on tasks and logs', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');

  it('embeds the case of each task and the task of each log', async () => {
    const kase = (
      await soc.analyst.post('/api/v1/case', { title: 'Parent case', tasks: [{ title: 'Child task' }] })
    ).body;
    const task = (await soc.analyst.get(`/api/v1/case/${kase._id}/task`)).body[0];
    await soc.analyst.post(`/api/v1/task/${task._id}/log`, { message: 'child log' });
    const tasks = await soc.analyst.post('/api/case/task/_search?range=all&nparent=1', {
      query: { title: 'Child task' },
    });
    expect(tasks.body[0].case).toMatchObject({ _id: kase._id, title: 'Parent case', _type: 'case' });
    const plain = await soc.analyst.post('/api/case/task/_search?range=all', {
      query: { title: 'Child task' },
    });
    expect(plain.body[0].case).toBeUndefined();
    const logs = await soc.analyst.post('/api/case/task/log/_search?range=all&nparent=1', {
      query: { _parent: { _type: 'case_task', _id: task._id } },
    });
    expect(logs.body[0]).toMatchObject({
      message: 'child log',
      case_task: { _id: task._id, title: 'Child task' },
    });
  });
});
