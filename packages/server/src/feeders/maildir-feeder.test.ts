/**
 * The Maildir feeder: mails delivered into new/ (real MIME from fixtures/mail) become alerts with
 * their attachments, then move to cur/ marked seen; a malformed one is a recorded failure; a mail
 * naming a case is logged in it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mail');
const server = useTestServer({ feederRunner: { reconcileSeconds: 0.2 } });
let org: OrgFixture;
let maildir: string;

async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  org = await createOrganisation(server, 'mailroom');
  maildir = mkdtempSync(path.join(tmpdir(), 'propolis-maildir-'));
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(path.join(maildir, sub));
});
afterAll(() => rmSync(maildir, { recursive: true, force: true }));

describe('Maildir feeder', () => {
  it('reads new mails into alerts and case logs, then marks them seen in cur/', async () => {
    const kase = (await org.analyst.post('/api/v1/case', { title: 'Invoice fraud', description: 'x' })).body;
    copyFileSync(path.join(FIXTURES, 'attachment.eml'), path.join(maildir, 'new', '1733390000.M1P1.host'));
    copyFileSync(path.join(FIXTURES, 'malformed.eml'), path.join(maildir, 'new', '1733390001.M2P1.host'));
    writeFileSync(
      path.join(maildir, 'new', '1733390002.M3P1.host'),
      `From: bob@corp.example\r\nSubject: RE: [Case #${kase.number}] invoice\r\nMessage-ID: <r-9@corp.example>\r\n\r\nForwarded to finance.\r\n`,
    );
    const created = await server.admin.post('/api/v1/feeder', {
      name: 'postfix',
      kind: 'maildir',
      organisation: 'mailroom',
      path: maildir,
      pollSeconds: 1,
    });
    expect(created.status, created.text).toBe(201);
    const status = await eventually(async () => {
      const s = (await server.admin.get('/api/v1/feeder/postfix')).body.status;
      return s.created === 2 && s.failed === 1 ? s : undefined;
    });
    expect(status.duplicates).toBe(0);
    const alerts = await org.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAlert' }, { _name: 'filter', _field: 'source', _value: 'postfix' }],
    });
    expect(alerts.body.map((a: any) => a.title)).toEqual(['Invoice 4471 overdue']);
    const observables = await org.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: alerts.body[0]._id }, { _name: 'observables' }],
    });
    expect(
      observables.body.filter((o: any) => o.dataType === 'file').map((o: any) => o.attachment.name),
    ).toEqual(['invoice-4471.pdf']);
    const logs = await org.analyst.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'tasks' }, { _name: 'logs' }],
    });
    expect(logs.body.map((l: any) => l.message)).toEqual([expect.stringContaining('Forwarded to finance.')]);
    await eventually(async () => (readdirSync(path.join(maildir, 'new')).length === 0 ? true : undefined));
    expect(readdirSync(path.join(maildir, 'cur')).sort()).toEqual([
      '1733390000.M1P1.host:2,S',
      '1733390001.M2P1.host:2,S',
      '1733390002.M3P1.host:2,S',
    ]);
    const failures = (await server.admin.get('/api/v1/feeder/postfix/failures')).body;
    expect(failures[0]).toMatchObject({ ref: 'new/1733390001.M2P1.host' });
  });
});
