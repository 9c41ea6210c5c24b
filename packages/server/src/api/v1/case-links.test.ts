/**
 * Case links (TheHive 5) as thehive4py 2.x calls them: link types, case ↔ case links, external
 * links, `GET /case/{id}/links`, and taking an alert out of a case.
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const query = (q: unknown[]) => ({ query: q });

describe('case links', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('runs the thehive4py 2.x link sequence', async () => {
    const a = await createCase(soc.analyst);
    const b = await createCase(soc.analyst);
    const types = await soc.readOnly.get('/api/v1/case/link/types');
    expect(types.status).toBe(200);
    expect(types.body).toContain('Related');

    expect(
      (await soc.analyst.post(`/api/v1/case/${a._id}/link/case/add`, { type: 'Parent', caseId: b._id }))
        .status,
    ).toBe(204);
    // both ends list the link, with its type
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      const links = await soc.readOnly.get(`/api/v1/case/${from._id}/links`);
      expect(links.status).toBe(200);
      expect(links.body).toHaveLength(1);
      expect(links.body[0]).toMatchObject({
        _id: to._id,
        _type: 'Case',
        number: to.number,
        linkType: 'Parent',
        linksCount: 0,
        linkedWith: [],
      });
    }
    // a custom type is offered afterwards; adding again changes the type
    expect(
      (
        await soc.analyst.post(`/api/v1/case/${b._id}/link/case/add`, {
          type: 'Same campaign',
          caseId: a._id,
        })
      ).status,
    ).toBe(204);
    expect((await soc.analyst.get(`/api/v1/case/${a._id}/links`)).body).toMatchObject([
      { linkType: 'Same campaign' },
    ]);
    expect((await soc.analyst.get('/api/v1/case/link/types')).body).toContain('Same campaign');

    expect(
      (
        await soc.analyst.post(`/api/v1/case/${a._id}/link/external/add`, {
          type: 'Ticket',
          url: 'https://tickets.example/INC-1',
        })
      ).status,
    ).toBe(204);
    const withLinks = await soc.analyst.post(
      '/api/v1/query',
      query([
        { _name: 'getCase', idOrName: a._id },
        { _name: 'page', from: 0, to: 1, extraData: ['links'] },
      ]),
    );
    expect(withLinks.body[0].extraData.links).toMatchObject({
      cases: [{ caseId: b._id, type: 'Same campaign' }],
      external: [{ type: 'Ticket', url: 'https://tickets.example/INC-1', _createdBy: soc.logins.analyst }],
    });

    expect(
      (
        await soc.analyst.post(`/api/v1/case/${a._id}/link/external/remove`, {
          type: 'Ticket',
          url: 'https://tickets.example/INC-1',
        })
      ).status,
    ).toBe(204);
    expect(
      (await soc.analyst.post(`/api/v1/case/${a._id}/link/case/remove`, { type: 'Parent', caseId: b._id }))
        .status,
    ).toBe(204);
    expect((await soc.analyst.get(`/api/v1/case/${b._id}/links`)).body).toEqual([]);
    expect(
      (await soc.analyst.post(`/api/v1/case/${a._id}/link/case/remove`, { type: 'Parent', caseId: b._id }))
        .status,
    ).toBe(404);
  });

  it('lists hand-made links before cases linked by shared observables', async () => {
    const a = await createCase(soc.analyst);
    const b = await createCase(soc.analyst);
    const c = await createCase(soc.analyst);
    for (const k of [a, c])
      await expectOk(
        soc.analyst.post(`/api/v1/case/${k._id}/observable`, {
          dataType: 'domain',
          data: 'shared-link.example',
        }),
        'obs',
      );
    await expectOk(
      soc.analyst.post(`/api/v1/case/${a._id}/link/case/add`, { type: 'Related', caseId: b._id }),
      'link',
    );
    const links = (await soc.analyst.get(`/api/v1/case/${a._id}/links`)).body;
    expect(
      links.map((l: { _id: string; linkType?: string; linksCount: number }) => [
        l._id,
        l.linkType,
        l.linksCount,
      ]),
    ).toEqual([
      [b._id, 'Related', 0],
      [c._id, undefined, 1],
    ]);
  });

  it('refuses links to foreign cases, to itself, bad URLs and read-only writers, changing nothing', async () => {
    const a = await createCase(soc.analyst);
    const foreign = await createCase(other.analyst);
    const res = await soc.analyst.post(`/api/v1/case/${a._id}/link/case/add`, {
      type: 'Related',
      caseId: foreign._id,
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain(foreign._id);
    expect(
      (
        await other.analyst.post(`/api/v1/case/${foreign._id}/link/case/add`, {
          type: 'Related',
          caseId: a._id,
        })
      ).status,
    ).toBe(404);
    expect(
      (await soc.analyst.post(`/api/v1/case/${a._id}/link/case/add`, { type: 'Related', caseId: a._id }))
        .status,
    ).toBe(400);
    const url = await soc.analyst.post(`/api/v1/case/${a._id}/link/external/add`, {
      type: 'x',
      url: 'javascript:alert(1)',
    });
    expect(url.status).toBe(400);
    expect(url.body.message).toContain('url');
    const b = await createCase(soc.analyst);
    expect(
      (await soc.readOnly.post(`/api/v1/case/${a._id}/link/case/add`, { type: 'Related', caseId: b._id }))
        .status,
    ).toBe(403);
    expect((await soc.analyst.get(`/api/v1/case/${a._id}/links`)).body).toEqual([]);
    expect((await other.analyst.get(`/api/v1/case/${foreign._id}/links`)).body).toEqual([]);
  });

  it('takes an alert out of its case', async () => {
    const alert = await postAlert(soc.analyst);
    const kase = await expectOk(soc.analyst.post(`/api/v1/alert/${alert._id}/case`, {}), 'import');
    const foreign = await createCase(other.analyst);
    expect((await other.analyst.delete(`/api/v1/case/${foreign._id}/alert/${alert._id}`)).status).toBe(404);
    expect((await soc.readOnly.delete(`/api/v1/case/${kase._id}/alert/${alert._id}`)).status).toBe(403);
    const unrelated = await createCase(soc.analyst);
    expect((await soc.analyst.delete(`/api/v1/case/${unrelated._id}/alert/${alert._id}`)).status).toBe(400);
    expect((await soc.analyst.delete(`/api/v1/case/${kase._id}/alert/${alert._id}`)).status).toBe(204);
    const back = await soc.analyst.get(`/api/v1/alert/${alert._id}`);
    expect(back.body).toMatchObject({ status: 'New', stage: 'New' });
    expect(back.body.caseId).toBeUndefined();
    expect(
      (
        await soc.analyst.post(
          '/api/v1/query',
          query([{ _name: 'getCase', idOrName: kase._id }, { _name: 'alerts' }]),
        )
      ).body,
    ).toEqual([]);
    // it can be imported again
    expect((await soc.analyst.post(`/api/v1/alert/${alert._id}/merge/${kase._id}`)).status).toBe(200);
  });
});
