/**
 * MISP taxonomies and tags (TheHive's `/taxonomy` and `/tag`): create, import a zip of MISP's
 * taxonomies repository, activate and deactivate, delete; tags with namespace, predicate, value
 * and colour; free tags' colours per organisation.
 */
import { BlobWriter, TextReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { createCase, expectOk } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { multipartBody } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

const query = (q: unknown[]) => ({ query: q });

const tlp = {
  namespace: 'tlp-test',
  description: 'Traffic Light Protocol',
  version: 5,
  predicates: [
    { value: 'red', colour: '#CC0033', expanded: 'Not for disclosure' },
    { value: 'amber', colour: '#FFC000' },
  ],
};
const admiralty = {
  namespace: 'admiralty',
  description: 'Admiralty scale',
  version: 6,
  predicates: [{ value: 'source-reliability' }, { value: 'information-credibility' }],
  values: [
    {
      predicate: 'source-reliability',
      entry: [
        { value: 'a', expanded: 'Completely reliable', colour: '#00ff00' },
        { value: 'b', expanded: 'Usually reliable' },
      ],
    },
  ],
};

async function zipOf(files: Record<string, unknown>): Promise<Uint8Array> {
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const [name, json] of Object.entries(files))
    await writer.add(name, new TextReader(JSON.stringify(json)));
  return new Uint8Array(await (await writer.close()).arrayBuffer());
}

describe('taxonomies and tags', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('creates a taxonomy with its tags, activates and deletes it', async () => {
    const res = await server.admin.post('/api/v1/taxonomy', tlp);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      _type: 'Taxonomy',
      namespace: 'tlp-test',
      description: 'Traffic Light Protocol',
      version: 5,
      enabled: false,
      tags: [
        {
          _type: 'Tag',
          namespace: 'tlp-test',
          predicate: 'red',
          colour: '#cc0033',
          description: 'Not for disclosure',
          text: 'tlp-test:red',
        },
        { predicate: 'amber', colour: '#ffc000', text: 'tlp-test:amber' },
      ],
    });
    expect((await server.admin.post('/api/v1/taxonomy', tlp)).status).toBe(400);
    expect((await soc.orgAdmin.post('/api/v1/taxonomy', { ...tlp, namespace: 'x' })).status).toBe(403);
    const id = res.body._id;
    expect((await soc.readOnly.get(`/api/v1/taxonomy/${id}`)).body).toEqual(res.body);
    expect((await soc.readOnly.get('/api/v1/taxonomy/tlp-test')).body._id).toBe(id);

    // a tag of an active taxonomy gets its colour in the listing of used tags
    await createCase(soc.analyst, { tags: ['tlp-test:red', 'plain'] });
    const colourOf = async () =>
      Object.fromEntries(
        (await soc.analyst.get('/api/v1/tag')).body.map((t: { _id: string; colour: string }) => [
          t._id,
          t.colour,
        ]),
      );
    expect((await colourOf())['tlp-test:red']).toBe('#000000');
    expect((await soc.orgAdmin.put(`/api/v1/taxonomy/${id}/activate`)).status).toBe(403);
    expect((await server.admin.put(`/api/v1/taxonomy/${id}/activate`)).status).toBe(204);
    expect((await colourOf())['tlp-test:red']).toBe('#cc0033');
    const used = (await soc.analyst.get('/api/v1/tag?prefix=tlp')).body;
    expect(used).toEqual([
      {
        _id: 'tlp-test:red',
        _type: 'Tag',
        namespace: 'tlp-test',
        predicate: 'red',
        value: '',
        count: 1,
        colour: '#cc0033',
      },
    ]);
    const listed = await soc.analyst.post(
      '/api/v1/query',
      query([
        { _name: 'getTaxonomy', idOrName: 'tlp-test' },
        { _name: 'tags' },
        { _name: 'filter', _eq: { _field: 'predicate', _value: 'amber' } },
      ]),
    );
    expect(listed.body.map((t: { text: string }) => t.text)).toEqual(['tlp-test:amber']);
    expect(
      (
        await soc.analyst.post(
          '/api/v1/query',
          query([{ _name: 'listTaxonomy' }, { _name: 'filter', _eq: { _field: 'enabled', _value: true } }]),
        )
      ).body.map((t: { namespace: string }) => t.namespace),
    ).toEqual(['tlp-test']);
    expect((await server.admin.put(`/api/v1/taxonomy/${id}/deactivate`)).status).toBe(204);
    expect((await colourOf())['tlp-test:red']).toBe('#000000');

    const tagId = res.body.tags[0]._id;
    expect((await soc.orgAdmin.patch(`/api/v1/tag/${tagId}`, { colour: '#123456' })).status).toBe(403);
    expect((await server.admin.patch(`/api/v1/tag/${tagId}`, { colour: '#123456' })).status).toBe(204);
    expect((await soc.analyst.get(`/api/v1/tag/${tagId}`)).body).toMatchObject({
      colour: '#123456',
      predicate: 'red',
    });
    expect((await server.admin.delete(`/api/v1/tag/${tagId}`)).status).toBe(400);
    expect((await server.admin.delete(`/api/v1/taxonomy/${id}`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/v1/taxonomy/${id}`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/v1/tag/${tagId}`)).status).toBe(404);
  });

  it('imports a MISP taxonomies zip, twice, keeping changed colours', async () => {
    const zip = await zipOf({
      'misp-taxonomies-main/admiralty/machinetag.json': admiralty,
      'misp-taxonomies-main/tlp-zip/machinetag.json': { ...tlp, namespace: 'tlp-zip' },
      'misp-taxonomies-main/README.md': 'not a taxonomy',
    });
    const upload = () => {
      const body = multipartBody([{ name: 'file', filename: 'misp-taxonomies.zip', data: Buffer.from(zip) }]);
      return server.admin.send('POST', '/api/v1/taxonomy/import-zip', undefined, {
        raw: body.body,
        headers: { 'content-type': body.contentType },
      });
    };
    const first = await upload();
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ created: 2, updated: 0, taxonomies: ['admiralty', 'tlp-zip'] });
    const adm = (await soc.analyst.get('/api/v1/taxonomy/admiralty')).body;
    expect(adm.tags.map((t: { text: string; colour: string }) => [t.text, t.colour])).toEqual([
      ['admiralty:source-reliability="a"', '#00ff00'],
      ['admiralty:source-reliability="b"', '#000000'],
      ['admiralty:information-credibility', '#000000'],
    ]);
    await expectOk(server.admin.patch(`/api/v1/tag/${adm.tags[1]._id}`, { colour: '#abcdef' }), 'colour');
    const second = await upload();
    expect(second.body).toEqual({ created: 0, updated: 2, taxonomies: ['admiralty', 'tlp-zip'] });
    const again = (await soc.analyst.get('/api/v1/taxonomy/admiralty')).body;
    expect(again.tags).toHaveLength(3);
    expect(again.tags[1].colour).toBe('#abcdef');
    const count = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'listTaxonomy' }, { _name: 'count' }]),
    );
    expect(count.body).toBe(2);

    const empty = multipartBody([
      { name: 'file', filename: 'x.zip', data: Buffer.from(await zipOf({ 'a.txt': 'x' })) },
    ]);
    const bad = await server.admin.send('POST', '/api/v1/taxonomy/import-zip', undefined, {
      raw: empty.body,
      headers: { 'content-type': empty.contentType },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('machinetag.json');
    const notZip = multipartBody([{ name: 'file', filename: 'x.zip', data: 'garbage' }]);
    expect(
      (
        await server.admin.send('POST', '/api/v1/taxonomy/import-zip', undefined, {
          raw: notZip.body,
          headers: { 'content-type': notZip.contentType },
        })
      ).status,
    ).toBe(400);
  });

  it('refuses malformed taxonomies', async () => {
    const noPredicates = await server.admin.post('/api/v1/taxonomy', { namespace: 'x', predicates: [] });
    expect(noPredicates.status).toBe(400);
    const badNs = await server.admin.post('/api/v1/taxonomy', {
      namespace: 'a b',
      predicates: [{ value: 'x' }],
    });
    expect(badNs.status).toBe(400);
    expect(badNs.body.message).toContain('namespace');
    const badValue = await server.admin.post('/api/v1/taxonomy', {
      namespace: 'y',
      predicates: [{ colour: '#000000' }],
    });
    expect(badValue.status).toBe(400);
    expect(
      (await soc.analyst.post('/api/v1/query', query([{ _name: 'getTaxonomy', idOrName: 'y' }]))).body,
    ).toEqual([]);
  });

  it('colours free tags per organisation', async () => {
    await createCase(soc.analyst, { tags: ['phishing'] });
    await createCase(other.analyst, { tags: ['phishing'] });
    expect((await soc.analyst.patch('/api/v1/tag/phishing', { colour: '#ff0000' })).status).toBe(403);
    expect(
      (await soc.orgAdmin.patch('/api/v1/tag/phishing', { colour: '#ff0000', description: 'mail attacks' }))
        .status,
    ).toBe(204);
    expect((await soc.analyst.get('/api/v1/tag/phishing')).body).toMatchObject({
      _id: 'phishing',
      namespace: '_freetags_',
      colour: '#ff0000',
      description: 'mail attacks',
      count: 1,
    });
    expect((await other.analyst.get('/api/v1/tag/phishing')).body.colour).toBe('#000000');
    expect((await soc.orgAdmin.patch('/api/v1/tag/phishing', { colour: 'red' })).status).toBe(400);
    expect((await soc.orgAdmin.patch('/api/v1/tag/never-used', { colour: '#ff0000' })).status).toBe(404);
    expect((await soc.orgAdmin.delete('/api/v1/tag/phishing')).status).toBe(204);
    expect((await soc.analyst.get('/api/v1/tag/phishing')).body.colour).toBe('#000000');
  });
});
