/**
 * TAXII 2.1 as a client (OpenCTI, MISP's TAXII import, a SIEM) uses it: discovery → API root →
 * collections → objects with limit/next and added_after → manifest → one object and its versions,
 * with the TAXII media type and date-added headers; the indicators are valid STIX 2.1; each
 * organisation sees only its own collections; bad parameters are 4xx.
 */
import { describe, expect, it } from 'vitest';
import { checkStixBundle } from '../intel/stix-import.js';
import { addObservable, createCase } from '../test-support/factories.js';
import { HttpClient } from '../test-support/http.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'taxiisoc');
const other = useOrganisation(server, 'taxiiother');

const TAXII = 'application/taxii+json;version=2.1';
const taxii = (client: HttpClient, path: string, accept = TAXII) => client.get(path, { headers: { accept } });

async function seed() {
  const open = await createCase(soc.analyst, { title: 'Open case', tlp: 1 });
  await addObservable(soc.analyst, open._id, { dataType: 'ip', data: '198.51.100.20', ioc: true });
  await addObservable(soc.analyst, open._id, { dataType: 'domain', data: 'c2.example', ioc: true });
  await addObservable(soc.analyst, open._id, { dataType: 'domain', data: 'benign.example', ioc: false });
  const closed = await createCase(soc.analyst, { title: 'Closed case' });
  await addObservable(soc.analyst, closed._id, { dataType: 'hash', data: 'f'.repeat(64), ioc: true });
  const close = await soc.analyst.patch(`/api/v1/case/${closed._id}`, {
    status: 'TruePositive',
    summary: 'done',
  });
  expect(close.status, close.text).toBe(204);
  const foreign = await createCase(other.analyst, { title: 'Foreign case' });
  await addObservable(other.analyst, foreign._id, { dataType: 'ip', data: '192.0.2.99', ioc: true });
}

describe('TAXII 2.1 server', () => {
  it('serves discovery, the API root, the collections and their indicators page by page', async () => {
    await seed();
    const discovery = await taxii(soc.analyst, '/taxii2/');
    expect(discovery.status, discovery.text).toBe(200);
    expect(discovery.headers.get('content-type')).toBe(TAXII);
    const root = discovery.body.api_roots[0];
    expect(root).toBe(`${server.url}/taxii2/api/`);
    expect(discovery.body.default).toBe(root);
    const rootPath = new URL(root).pathname;
    const apiRoot = await taxii(soc.analyst, rootPath);
    expect(apiRoot.body.versions).toEqual([TAXII]);

    const collections = await taxii(soc.analyst, `${rootPath}collections/`);
    expect(collections.body.collections.map((c: any) => [c.title, c.can_read, c.can_write])).toEqual([
      ['IOCs of taxiisoc', true, false],
      ['IOCs of closed cases of taxiisoc', true, false],
    ]);
    const [iocs, closed] = collections.body.collections;
    expect((await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/`)).body).toEqual(iocs);

    const all = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/`);
    expect(all.status, all.text).toBe(200);
    expect(all.headers.get('content-type')).toBe(TAXII);
    expect(all.body.more).toBe(false);
    expect(all.body.objects.map((o: any) => o.pattern)).toEqual([
      "[ipv4-addr:value = '198.51.100.20']",
      "[domain-name:value = 'c2.example']",
      `[file:hashes.'SHA-256' = '${'f'.repeat(64)}']`,
    ]);
    expect(
      checkStixBundle({
        type: 'bundle',
        id: 'bundle--9b5e3b3c-5d2c-4c8e-8e0f-0e6e4b1f2a3d',
        objects: all.body.objects,
      }),
    ).toEqual([]);
    const closedOnly = await taxii(soc.analyst, `${rootPath}collections/${closed.id}/objects/`);
    expect(closedOnly.body.objects.map((o: any) => o.name)).toEqual([`hash: ${'f'.repeat(64)}`]);

    // paging: limit and next, with the date-added headers of each page
    const first = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/?limit=2`);
    expect(first.body.more).toBe(true);
    expect(first.body.objects).toEqual(all.body.objects.slice(0, 2));
    expect(first.headers.get('x-taxii-date-added-first')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const second = await taxii(
      soc.analyst,
      `${rootPath}collections/${iocs.id}/objects/?limit=2&next=${encodeURIComponent(first.body.next)}`,
    );
    expect(second.body).toEqual({ more: false, objects: all.body.objects.slice(2) });

    // added_after: what came after the first page's last object
    const manifest = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/manifest/`);
    expect(manifest.body.objects.map((m: any) => m.id)).toEqual(all.body.objects.map((o: any) => o.id));
    expect(manifest.body.objects[0]).toMatchObject({
      version: all.body.objects[0].modified,
      media_type: 'application/stix+json;version=2.1',
    });
    const cut = manifest.body.objects[1].date_added;
    expect(first.headers.get('x-taxii-date-added-last')).toBe(cut);
    const after = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/?added_after=${cut}`);
    expect(after.body.objects.map((o: any) => o.id)).toEqual(
      manifest.body.objects.filter((m: any) => m.date_added > cut).map((m: any) => m.id),
    );

    // one object, its versions, and filters that match nothing
    const id = all.body.objects[1].id;
    const one = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/${id}/`);
    expect(one.body.objects).toEqual([all.body.objects[1]]);
    const versions = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/${id}/versions/`);
    expect(versions.body).toEqual({ more: false, versions: [all.body.objects[1].modified] });
    expect(
      (await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/?match[type]=malware`)).body,
    ).toEqual({});
    const byId = await taxii(soc.analyst, `${rootPath}collections/${iocs.id}/objects/?match[id]=${id}`);
    expect(byId.body.objects.map((o: any) => o.id)).toEqual([id]);
  });

  it('keeps each organisation to its own collections', async () => {
    const mine = (await taxii(soc.analyst, '/taxii2/api/collections/')).body.collections;
    const theirs = (await taxii(other.analyst, '/taxii2/api/collections/')).body.collections;
    expect(theirs.map((c: any) => c.id)).not.toContain(mine[0].id);
    const foreign = await taxii(other.analyst, `/taxii2/api/collections/${mine[0].id}/objects/`);
    expect(foreign.status).toBe(404);
    const own = await taxii(other.analyst, `/taxii2/api/collections/${theirs[0].id}/objects/`);
    expect(own.body.objects.map((o: any) => o.pattern)).toEqual(["[ipv4-addr:value = '192.0.2.99']"]);
    const mineObject = (await taxii(soc.analyst, `/taxii2/api/collections/${mine[0].id}/objects/`)).body
      .objects[0];
    expect(
      (await taxii(other.analyst, `/taxii2/api/collections/${theirs[0].id}/objects/${mineObject.id}/`))
        .status,
    ).toBe(404);
  });

  it('answers bad requests with 4xx', async () => {
    const [iocs] = (await taxii(soc.analyst, '/taxii2/api/collections/')).body.collections;
    const base = `/taxii2/api/collections/${iocs.id}/objects/`;
    expect((await taxii(soc.analyst, base, 'text/html')).status).toBe(406);
    const badDate = await taxii(soc.analyst, `${base}?added_after=yesterday`);
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toMatch(/^added_after: must be a timestamp/);
    expect((await taxii(soc.analyst, `${base}?next=bogus`)).status).toBe(400);
    expect((await taxii(soc.analyst, `${base}?limit=0`)).status).toBe(400);
    expect((await taxii(new HttpClient(server.url, {}), '/taxii2/')).status).toBe(401);
  });
});
