/**
 * Case pages, knowledge-base pages and page templates (TheHive 5), with thehive4py 2.x's calls:
 * create/update/delete pages, page templates linked to a case template whose cases get the pages.
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const query = (q: unknown[]) => ({ query: q });

describe('pages', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('runs the thehive4py 2.x case page sequence', async () => {
    const kase = await createCase(soc.analyst);
    const content = '## Notes\n\n```\ncode  kept\n```\n';
    const created = await soc.analyst.post(`/api/v1/case/${kase._id}/page`, {
      title: 'Investigation notes',
      content,
      category: 'Notes',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'Page',
      _createdBy: soc.logins.analyst,
      title: 'Investigation notes',
      content,
      category: 'Notes',
      order: 0,
      slug: 'investigation-notes',
      extraData: {},
    });
    const pageId = created.body._id;
    await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/page`, {
        title: 'B',
        content: '',
        category: 'X',
        order: -1,
      }),
      'page',
    );
    const found = await soc.analyst.post(
      '/api/v1/query?name=case-pages',
      query([
        { _name: 'getCase', idOrName: kase._id },
        { _name: 'pages' },
        { _name: 'page', from: 0, to: 10, extraData: [] },
      ]),
    );
    expect(found.body.map((p: { title: string }) => p.title)).toEqual(['B', 'Investigation notes']);

    expect(
      (await soc.analyst.patch(`/api/v1/case/${kase._id}/page/${pageId}`, { content: 'updated', order: 5 }))
        .status,
    ).toBe(204);
    const got = await soc.readOnly.get(`/api/v1/case/${kase._id}/page/${pageId}`);
    expect(got.body).toMatchObject({ title: 'Investigation notes', content: 'updated', order: 5 });
    expect((await soc.analyst.delete(`/api/v1/case/${kase._id}/page/${pageId}`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/v1/case/${kase._id}/page/${pageId}`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/v1/case/${kase._id}/page`)).body).toHaveLength(1);
  });

  it('refuses bad pages, read-only writers and other organisations', async () => {
    const kase = await createCase(soc.analyst);
    const noTitle = await soc.analyst.post(`/api/v1/case/${kase._id}/page`, {
      title: ' ',
      content: 'x',
      category: 'c',
    });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.message).toContain('title');
    expect(
      (await soc.analyst.post(`/api/v1/case/${kase._id}/page`, { title: 't', category: 'c' })).status,
    ).toBe(400);
    const ro = await soc.readOnly.post(`/api/v1/case/${kase._id}/page`, {
      title: 't',
      content: 'x',
      category: 'c',
    });
    expect(ro.status).toBe(403);
    expect(ro.body.message).toContain('managePage');
    const page = await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/page`, { title: 't', content: 'x', category: 'c' }),
      'page',
    );
    expect(
      (await soc.readOnly.patch(`/api/v1/case/${kase._id}/page/${page._id}`, { content: 'y' })).status,
    ).toBe(403);
    expect(
      (await other.analyst.post(`/api/v1/case/${kase._id}/page`, { title: 't', content: 'x', category: 'c' }))
        .status,
    ).toBe(404);
    expect(
      (await other.analyst.patch(`/api/v1/case/${kase._id}/page/${page._id}`, { content: 'y' })).status,
    ).toBe(404);
    expect((await other.analyst.delete(`/api/v1/page/${page._id}`)).status).toBe(404);
    // a case page is not a knowledge-base page, and the other case does not hold it
    expect((await soc.analyst.get(`/api/v1/page/${page._id}`)).status).toBe(404);
    const kase2 = await createCase(soc.analyst);
    expect((await soc.analyst.delete(`/api/v1/case/${kase2._id}/page/${page._id}`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/v1/case/${kase._id}/page/${page._id}`)).body.content).toBe('x');
  });

  it('keeps knowledge-base pages per organisation', async () => {
    const kb = await soc.orgAdmin.post('/api/v1/page', {
      title: 'Runbook',
      content: 'steps',
      category: 'Howto',
    });
    expect(kb.status).toBe(201);
    const listed = await soc.readOnly.post('/api/v1/query', query([{ _name: 'listOrganisationPage' }]));
    expect(listed.body.map((p: { title: string }) => p.title)).toEqual(['Runbook']);
    expect((await soc.readOnly.get('/api/v1/page')).body).toHaveLength(1);
    expect(
      (await other.analyst.post('/api/v1/query', query([{ _name: 'listOrganisationPage' }]))).body,
    ).toEqual([]);
    expect((await soc.analyst.patch(`/api/v1/page/${kb.body._id}`, { title: 'Runbook v2' })).status).toBe(
      204,
    );
    expect((await soc.analyst.get(`/api/v1/page/${kb.body._id}`)).body.title).toBe('Runbook v2');
    expect((await soc.analyst.delete(`/api/v1/page/${kb.body._id}`)).status).toBe(204);
    expect((await soc.readOnly.get('/api/v1/page')).body).toEqual([]);
  });

  it('gives a case created from a case template the pages of its page templates', async () => {
    const t1 = await soc.orgAdmin.post('/api/v1/pageTemplate', {
      title: 'Summary',
      content: '## Summary',
      category: 'Report',
      order: 1,
    });
    expect(t1.status).toBe(201);
    expect(t1.body).toMatchObject({ _type: 'PageTemplate', title: 'Summary', order: 1, extraData: {} });
    const t2 = await expectOk(
      soc.orgAdmin.post('/api/v1/pageTemplate', {
        title: 'Timeline',
        content: '| when | what |',
        category: 'Report',
        order: 2,
      }),
      'template 2',
    );
    // thehive4py: page_template.get, find, update
    const got = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getPageTemplate', idOrName: t1.body._id }]),
    );
    expect(got.body).toEqual([t1.body]);
    expect(
      (await soc.orgAdmin.patch(`/api/v1/pageTemplate/${t2._id}`, { content: '| when | what | who |' }))
        .status,
    ).toBe(204);
    expect(
      (await soc.analyst.post('/api/v1/pageTemplate', { title: 'x', content: 'x', category: 'x' })).status,
    ).toBe(403);

    const template = await expectOk(
      soc.orgAdmin.post('/api/v1/caseTemplate', { name: 'phishing-pages', titlePrefix: '[P]' }),
      'case template',
    );
    const link = await soc.orgAdmin.put(`/api/v1/caseTemplate/${template._id}/pageTemplate/link`, {
      pageTemplateIds: [t1.body._id, t2._id],
    });
    expect(link.status).toBe(204);
    const counted = await soc.analyst.post(
      '/api/v1/query?name=listPageTemplate',
      query([
        { _name: 'listPageTemplate' },
        { _name: 'page', from: 0, to: 10, extraData: ['caseTemplateCount'] },
      ]),
    );
    expect(counted.body.map((t: { extraData: unknown }) => t.extraData)).toEqual([
      { caseTemplateCount: 1 },
      { caseTemplateCount: 1 },
    ]);
    // thehive4py's find_page_templates puts the page before the navigation
    const ofTemplate = await soc.analyst.post(
      '/api/v1/query?name=pageTemplate',
      query([
        { _name: 'getCaseTemplate', idOrName: template._id },
        { _name: 'page', from: 0, to: 10, extraData: [] },
        { _name: 'pageTemplates' },
      ]),
    );
    expect(ofTemplate.body.map((t: { title: string }) => t.title)).toEqual(['Summary', 'Timeline']);

    const kase = await createCase(soc.analyst, {
      caseTemplate: 'phishing-pages',
      pages: [{ title: 'Own page', content: 'mine', category: 'Notes', order: 3 }],
    });
    const pages = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getCase', idOrName: kase._id }, { _name: 'pages' }]),
    );
    expect(pages.body.map((p: { title: string; content: string }) => [p.title, p.content])).toEqual([
      ['Summary', '## Summary'],
      ['Timeline', '| when | what | who |'],
      ['Own page', 'mine'],
    ]);

    const unknown = await soc.orgAdmin.put(`/api/v1/caseTemplate/${template._id}/pageTemplate/link`, {
      pageTemplateIds: ['~999999'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('pageTemplateIds[0]');
    // another organisation's page template is unknown there
    expect((await other.orgAdmin.patch(`/api/v1/pageTemplate/${t2._id}`, { title: 'x' })).status).toBe(404);
    expect((await soc.orgAdmin.delete(`/api/v1/pageTemplate/${t2._id}`)).status).toBe(204);
    const after = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getCaseTemplate', idOrName: template._id }, { _name: 'pageTemplates' }]),
    );
    expect(after.body.map((t: { title: string }) => t.title)).toEqual(['Summary']);
  });
});
