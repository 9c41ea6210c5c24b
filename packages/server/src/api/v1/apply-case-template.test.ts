/**
 * `POST /api/v1/case/_bulk/caseTemplate` (thehive4py 2.x `case.apply_case_template`), SQLite and
 * PostgreSQL: the flags take the template's parts, the named tasks and pages are added once, and a
 * bad request (unknown template, task or page; a read-only user; another organisation's case)
 * changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase, expectOk } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('applying a case template to existing cases', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'apply-soc');
  const other = useOrganisation(server, 'apply-other');
  let ids: string[];

  beforeAll(async () => {
    await expectOk(
      soc.orgAdmin.post('/api/v1/caseTemplate', {
        name: 'phishing',
        titlePrefix: '[PHISH]',
        description: 'template description',
        severity: 3,
        tlp: 3,
        pap: 1,
        flag: true,
        tags: ['phishing', 'mail'],
        tasks: [{ title: 'triage' }, { title: 'block sender' }],
      }),
      'template',
    );
    const page = await expectOk(
      soc.orgAdmin.post('/api/v1/pageTemplate', { title: 'playbook', category: 'howto', content: '# Steps' }),
      'page template',
    );
    const linked = await soc.orgAdmin.put('/api/v1/caseTemplate/phishing/pageTemplate/link', {
      pageTemplateIds: [page._id],
    });
    expect(linked.status, linked.text).toBeLessThan(300);
    ids = [(await createCase(soc.analyst))._id, (await createCase(soc.analyst))._id];
  });

  const read = async (id: string) => {
    const kase = (await soc.analyst.get(`/api/v1/case/${id}`)).body;
    const q = async (name: string) =>
      (
        await soc.analyst.post('/api/v1/query', {
          query: [{ _name: 'getCase', idOrName: id }, { _name: name }],
        })
      ).body.map((x: { title: string }) => x.title);
    return { kase, tasks: (await q('tasks')).sort(), pages: await q('pages') };
  };

  it('takes the flagged parts and the named tasks and pages, once', async () => {
    const befores = new Map<string, Awaited<ReturnType<typeof read>>>();
    for (const id of ids) befores.set(id, await read(id));
    const body = {
      ids,
      caseTemplate: 'phishing',
      updateTitlePrefix: true,
      updateTags: true,
      updateSeverity: true,
      updateTlp: true,
      importTasks: ['triage'],
      importPages: ['playbook'],
    };
    expect((await soc.analyst.post('/api/v1/case/_bulk/caseTemplate', body)).status).toBe(204);
    // applied twice: nothing doubles
    expect((await soc.analyst.post('/api/v1/case/_bulk/caseTemplate', body)).status).toBe(204);
    for (const id of ids) {
      const before = befores.get(id)!;
      const after = await read(id);
      expect(after.kase.title.startsWith('[PHISH] ')).toBe(true);
      expect(after.kase.title.match(/\[PHISH\]/g)).toHaveLength(1);
      expect(after.kase.tags).toEqual(expect.arrayContaining(['phishing', 'mail']));
      expect(after.kase.severity).toBe(3);
      expect(after.kase.tlp).toBe(3);
      // not flagged: kept
      expect(after.kase.description).toBe(before.kase.description);
      expect(after.kase.pap).toBe(before.kase.pap);
      expect(after.tasks).toEqual([...before.tasks, 'triage'].sort());
      expect(after.pages).toEqual(['playbook']);
    }
  });

  it('refuses an unknown template, task or page, a read-only user and a foreign case, changing nothing', async () => {
    const before = await read(ids[1]!);
    for (const [client, body, status, text] of [
      [soc.analyst, { ids, caseTemplate: 'nope' }, 404, 'nope'],
      [
        soc.analyst,
        { ids, caseTemplate: 'phishing', updateSeverity: true, importTasks: ['nope'] },
        400,
        'nope',
      ],
      [soc.analyst, { ids, caseTemplate: 'phishing', updateFlag: true, importPages: ['nope'] }, 400, 'nope'],
      [soc.readOnly, { ids, caseTemplate: 'phishing', updateDescription: true }, 403, 'manageCase'],
      [other.analyst, { ids, caseTemplate: 'phishing' }, 404, ''],
    ] as const) {
      const res = await client.post('/api/v1/case/_bulk/caseTemplate', body);
      expect(res.status, res.text).toBe(status);
      expect(res.body.message).toContain(text);
    }
    expect(await read(ids[1]!)).toEqual(before);
  });
});
