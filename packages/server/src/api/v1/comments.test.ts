/**
 * Comments on cases and alerts (TheHive 5), as thehive4py 2.x calls them: create, find through
 * `/api/v1/query`, get (`getComment`), update (`isEdited`), delete; permissions and isolation.
 */
import { describe, expect, it } from 'vitest';
import { createCase, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const query = (q: unknown[]) => ({ query: q });

describe('comments', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('runs the thehive4py 2.x comment sequence on a case', async () => {
    const kase = await createCase(soc.analyst);
    const message = '# Finding\n\n  * indented item  \n';
    const created = await soc.analyst.post(`/api/v1/case/${kase._id}/comment`, { message });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'Comment',
      createdBy: soc.logins.analyst,
      _createdBy: soc.logins.analyst,
      message,
      isEdited: false,
      extraData: {},
    });
    expect(typeof created.body.createdAt).toBe('number');
    const id = created.body._id;

    // comment.find_comments on the case, comment.find, comment.get
    const listed = await soc.analyst.post(
      '/api/v1/query?name=case-comments',
      query([
        { _name: 'getCase', idOrName: kase._id },
        { _name: 'comments' },
        { _name: 'page', from: 0, to: 10, extraData: [] },
      ]),
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([created.body]);
    const all = await soc.readOnly.post('/api/v1/query?name=listComment', query([{ _name: 'listComment' }]));
    expect(all.body.map((c: { _id: string }) => c._id)).toContain(id);
    const got = await soc.analyst.post('/api/v1/query', query([{ _name: 'getComment', idOrName: id }]));
    expect(got.body).toEqual([created.body]);
    const unknown = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getComment', idOrName: '~999999' }]),
    );
    expect(unknown.body).toEqual([]);

    const edited = await soc.analyst.patch(`/api/v1/comment/${id}`, { message: 'rewritten' });
    expect(edited.status).toBe(204);
    const [after] = (await soc.analyst.post('/api/v1/query', query([{ _name: 'getComment', idOrName: id }])))
      .body;
    expect(after).toMatchObject({ message: 'rewritten', isEdited: true, updatedBy: soc.logins.analyst });

    expect((await soc.analyst.delete(`/api/v1/comment/${id}`)).status).toBe(204);
    expect(
      (await soc.analyst.post('/api/v1/query', query([{ _name: 'getComment', idOrName: id }]))).body,
    ).toEqual([]);
    expect((await soc.analyst.delete(`/api/v1/comment/${id}`)).status).toBe(404);
  });

  it('comments on alerts, and filters and sorts them', async () => {
    const alert = await postAlert(soc.analyst);
    for (const message of ['first', 'second'])
      expect((await soc.analyst.post(`/api/v1/alert/${alert._id}/comment`, { message })).status).toBe(201);
    const res = await soc.analyst.post(
      '/api/v1/query?name=alert-comments',
      query([
        { _name: 'getAlert', idOrName: alert._id },
        { _name: 'comments' },
        { _name: 'filter', _like: { _field: 'message', _value: 'sec' } },
        { _name: 'sort', _fields: [{ _createdAt: 'desc' }] },
        { _name: 'page', from: 0, to: 5, extraData: [] },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.map((c: { message: string }) => c.message)).toEqual(['second']);
    const count = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'getAlert', idOrName: alert._id }, { _name: 'comments' }, { _name: 'count' }]),
    );
    expect(count.body).toBe(2);
  });

  it("goes with the alert's import and merge into a case, authors and dates kept", async () => {
    const caseComments = async (id: string) =>
      (
        await soc.analyst.post(
          '/api/v1/query',
          query([
            { _name: 'getCase', idOrName: id },
            { _name: 'comments' },
            { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
          ]),
        )
      ).body as Array<{ message: string; createdBy: string; createdAt: number }>;
    const alert = await postAlert(soc.analyst);
    const said = (await soc.analyst.post(`/api/v1/alert/${alert._id}/comment`, { message: 'triage note' }))
      .body;
    const imported = await soc.analyst.post(`/api/v1/alert/${alert._id}/case`, {});
    expect(imported.status, imported.text).toBe(201);
    const got = await caseComments(imported.body._id);
    expect(got).toMatchObject([
      { message: 'triage note', createdBy: soc.logins.analyst, createdAt: said.createdAt },
    ]);
    const second = await postAlert(soc.analyst);
    await soc.analyst.post(`/api/v1/alert/${second._id}/comment`, { message: 'second alert note' });
    const merged = await soc.analyst.post(`/api/v1/alert/${second._id}/merge/${imported.body._id}`);
    expect(merged.status, merged.text).toBeLessThan(300);
    expect((await caseComments(imported.body._id)).map((c) => c.message)).toEqual([
      'triage note',
      'second alert note',
    ]);
  });

  it('refuses writes without manageComment, edits by another user, blank messages', async () => {
    const kase = await createCase(soc.analyst);
    const denied = await soc.readOnly.post(`/api/v1/case/${kase._id}/comment`, { message: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('manageComment');
    const blank = await soc.analyst.post(`/api/v1/case/${kase._id}/comment`, { message: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toContain('message');
    const missing = await soc.analyst.post(`/api/v1/case/${kase._id}/comment`, {});
    expect(missing.status).toBe(400);
    const c = (await soc.analyst.post(`/api/v1/case/${kase._id}/comment`, { message: 'mine' })).body;
    const byAdmin = await soc.orgAdmin.patch(`/api/v1/comment/${c._id}`, { message: 'theirs' });
    expect(byAdmin.status).toBe(403);
    expect((await soc.orgAdmin.delete(`/api/v1/comment/${c._id}`)).status).toBe(403);
    expect((await soc.readOnly.delete(`/api/v1/comment/${c._id}`)).status).toBe(403);
    const [still] = (
      await soc.readOnly.post('/api/v1/query', query([{ _name: 'getComment', idOrName: c._id }]))
    ).body;
    expect(still).toMatchObject({ message: 'mine', isEdited: false });
  });

  it('keeps organisations apart', async () => {
    const kase = await createCase(soc.analyst);
    const c = (await soc.analyst.post(`/api/v1/case/${kase._id}/comment`, { message: 'soc only' })).body;
    expect((await other.analyst.post(`/api/v1/case/${kase._id}/comment`, { message: 'x' })).status).toBe(404);
    expect((await other.analyst.patch(`/api/v1/comment/${c._id}`, { message: 'x' })).status).toBe(404);
    expect((await other.analyst.delete(`/api/v1/comment/${c._id}`)).status).toBe(404);
    expect((await other.analyst.post('/api/v1/query', query([{ _name: 'listComment' }]))).body).toEqual([]);
    expect(
      (await other.analyst.post('/api/v1/query', query([{ _name: 'getComment', idOrName: c._id }]))).body,
    ).toEqual([]);
  });

  it('goes with its case when the case is deleted', async () => {
    const kase = await createCase(soc.analyst);
    const c = (await soc.analyst.post(`/api/v1/case/${kase._id}/comment`, { message: 'bye' })).body;
    expect((await soc.orgAdmin.delete(`/api/v1/case/${kase._id}`)).status).toBe(204);
    expect(
      (await soc.analyst.post('/api/v1/query', query([{ _name: 'getComment', idOrName: c._id }]))).body,
    ).toEqual([]);
  });
});
