/**
 * The CaseShared trigger on a real share: an org-admin of the owning organisation asks for a line
 * per shared case; sharing a case with a linked organisation writes it, with the case's id.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server, 'soc');
  await createOrganisation(server, 'cert');
  const linked = await server.admin.put('/api/v1/organisation/soc/links', {
    links: [{ toOrganisation: 'cert', linkType: 'partner', otherLinkType: 'partner' }],
  });
  expect(linked.status, linked.text).toBeLessThan(300);
});

describe('CaseShared notifications', () => {
  it('write a line when a case is shared with another organisation', async () => {
    const created = await soc.orgAdmin.post('/api/v1/notification', {
      name: 'shares',
      trigger: { name: 'CaseShared' },
      notifiers: [{ name: 'AppendToFile', file: 'shares.jsonl' }],
    });
    expect(created.status, created.text).toBe(201);
    const kase = (await soc.orgAdmin.post('/api/v1/case', { title: 'Shared incident', description: 'x' }))
      .body;
    const shared = await soc.orgAdmin.post(`/api/v1/case/${kase._id}/shares`, {
      shares: [{ organisation: 'cert', profile: 'read-only' }],
    });
    expect(shared.status, shared.text).toBeLessThan(300);
    const file = path.join(server.propolis.deps.config.dataDir, 'notifications', 'shares.jsonl');
    const end = Date.now() + 15_000;
    let text = '';
    while (!text && Date.now() < end) {
      text = await readFile(file, 'utf8').catch(() => '');
      if (!text) await new Promise((r) => setTimeout(r, 200));
    }
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(kase._id);
    expect(lines[0]).toContain('cert');
  });
});
