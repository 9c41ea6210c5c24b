/**
 * The mail feeder against a real Dovecot: MIME mails from fixtures/mail appended over IMAP (an
 * attachment with defanged indicators, an HTML-only mail, a forwarded .eml, ISO-8859-1 headers and
 * body, a malformed message) become alerts within seconds through IDLE; processed mails are moved to
 * "Processed"; the malformed one is a recorded failure; a restart with mails waiting loses and
 * doubles nothing; a reply naming `Case #N` becomes a log of that case with its attachment.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, dovecotAvailable, startDovecot } from '../test-support/dovecot.js';
import { HttpClient } from '../test-support/http.js';
import { createOrganisation } from '../test-support/identity.js';
import type { TestServer } from '../test-support/server.js';
import {
  eventually,
  type Node,
  type SharedDatabase,
  sharedDatabase,
} from '../test-support/shared-database.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mail');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

let dovecot: Dovecot;
let db: SharedDatabase;
let node: Node;
let analystKey: string;

const analyst = () => new HttpClient(node.url, { key: analystKey, organisation: 'soc' });

function overrides() {
  return {
    feeders: [
      {
        name: 'phishing',
        kind: 'imap',
        organisation: 'soc',
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        user: dovecot.user,
        password: dovecot.password,
        moveTo: 'Processed',
        retrySeconds: 1,
        alert: { tags: ['phishing-report'], tlp: 2 },
      },
    ],
    feederRunner: { reconcileSeconds: 0.2, leaseSeconds: 3 },
  };
}

async function withImap<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout();
  }
}

const append = (...names: string[]) =>
  withImap(async (client) => {
    for (const name of names) await client.append('INBOX', fixture(name));
  });

async function alertsBySourceRef() {
  const res = await analyst().post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _field: 'source', _value: 'phishing' },
      { _name: 'page', from: 0, to: 100 },
    ],
  });
  expect(res.status, res.text).toBe(200);
  return new Map<string, any>(res.body.map((a: any) => [a.sourceRef, a]));
}

async function observablesOf(alertId: string) {
  const res = await analyst().post('/api/v1/query', {
    query: [{ _name: 'getAlert', idOrName: alertId }, { _name: 'observables' }],
  });
  expect(res.status, res.text).toBe(200);
  return res.body as any[];
}

const feederStatus = async () => (await node.admin.get('/api/v1/feeder/phishing')).body.status;

describe.skipIf(!dovecotAvailable)('IMAP mail feeder (Dovecot)', () => {
  beforeAll(async () => {
    dovecot = await startDovecot();
    db = await sharedDatabase();
    node = await db.start(overrides());
    const soc = await createOrganisation(node as unknown as TestServer, 'soc');
    analystKey = soc.analyst.auth.key!;
  });
  afterAll(async () => {
    await node?.close();
    await db?.drop();
    await dovecot?.stop();
  });

  it('turns mails into alerts with their attachments and indicators, and moves them', async () => {
    await append('attachment.eml', 'html-only.eml', 'forwarded.eml', 'latin1.eml', 'malformed.eml');
    const alerts = await eventually(async () => {
      const found = await alertsBySourceRef();
      return found.size === 4 ? found : undefined;
    }).catch(async (error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await feederStatus())}`);
    });
    const status = await eventually(async () => {
      const s = await feederStatus();
      return s.failed === 1 ? s : undefined;
    });
    expect(status).toMatchObject({ health: 'OK', created: 4, failed: 1 });
    const failures = (await node.admin.get('/api/v1/feeder/phishing/failures')).body;
    expect(failures).toEqual([
      expect.objectContaining({
        ref: expect.stringMatching(/^INBOX uid \d+$/),
        reason: 'not a MIME message: it has no header',
      }),
    ]);

    const invoice = alerts.get('<invoice-4471@invoices-example.com>');
    expect(invoice).toMatchObject({ type: 'mail', title: 'Invoice 4471 overdue', tlp: 2 });
    expect([...invoice.tags].sort()).toEqual(['mail', 'phishing-report']);
    expect(invoice.description).toContain('**From:** "Billing Team" <billing@invoices-example.com>');
    expect(invoice.description).toContain('please pay the attached invoice today');
    const invoiceObservables = await observablesOf(invoice._id);
    const summary = (list: any[]) =>
      list
        .map((o) => (o.dataType === 'file' ? `file:${o.attachment?.name}` : `${o.dataType}:${o.data}`))
        .sort();
    expect(summary(invoiceObservables)).toEqual([
      'domain:invoices-example.com',
      'domain:pay.invoices-example.com',
      'file:invoice-4471.pdf',
      'ip:198.51.100.23',
      'mail-subject:Invoice 4471 overdue',
      'mail:billing@invoices-example.com',
      'url:https://pay.invoices-example.com/portal?id=4471',
    ]);
    const pdf = invoiceObservables.find((o) => o.dataType === 'file');
    const download = await analyst().get(`/api/datastore/${pdf.attachment.hashes[0]}`);
    expect(download.status).toBe(200);
    expect(download.text).toContain('fake invoice for tests');

    const quota = alerts.get('<quota-991@helpdesk-example.org>');
    expect(quota.description).toContain('Your mailbox is full.');
    expect(summary(await observablesOf(quota._id))).toContain('url:http://phish.example.net/login?u=soc');

    const forwarded = alerts.get('<fwd-1@example.test>');
    expect(forwarded.description).toContain(
      '**Attached mail: Urgent wire transfer** from "Mallory" <mallory@bad-example.biz>',
    );
    expect(summary(await observablesOf(forwarded._id))).toEqual(
      expect.arrayContaining([
        'file:suspicious.eml',
        'file:notes.txt',
        'mail:mallory@bad-example.biz',
        'mail-subject:Urgent wire transfer',
        'hash:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      ]),
    );

    const latin = alerts.get('<facture-12@exemple-fr.test>');
    expect(latin.title).toBe('Facture impayée à régler');
    expect(latin.description).toContain('René François');
    expect(latin.description).toContain('veuillez régler la facture');
    expect(summary(await observablesOf(latin._id))).toContain('url:http://facture-exemple.fr/payer');

    const boxes = await withImap(async (client) => ({
      inbox: ((await client.status('INBOX', { messages: true })) as any).messages,
      processed: ((await client.status('Processed', { messages: true })) as any).messages,
    }));
    expect(boxes).toEqual({ inbox: 0, processed: 5 });
  });

  it('picks up mails that arrived while it was stopped, once each, then new ones through IDLE', async () => {
    await node.close();
    await withImap(async (client) => {
      // The same mail again (a user reports it twice) and a new one.
      await client.append('INBOX', fixture('attachment.eml'));
      await client.append(
        'INBOX',
        Buffer.from(
          'From: x@y.example\r\nTo: soc@example.test\r\nSubject: while stopped\r\nMessage-ID: <stopped-1@y.example>\r\n\r\nbody\r\n',
        ),
      );
    });
    node = await db.start(overrides());
    await eventually(async () => {
      const s = await feederStatus();
      return s.created === 5 && s.duplicates === 1 ? s : undefined;
    });
    expect((await alertsBySourceRef()).size).toBe(5);

    const sent = Date.now();
    await withImap((client) =>
      client.append(
        'INBOX',
        Buffer.from(
          'From: x@y.example\r\nTo: soc@example.test\r\nSubject: live\r\nMessage-ID: <live-1@y.example>\r\n\r\nbody\r\n',
        ),
      ),
    );
    await eventually(
      async () => ((await alertsBySourceRef()).has('<live-1@y.example>') ? true : undefined),
      10_000,
    );
    // IDLE, not the one-minute safety poll.
    expect(Date.now() - sent).toBeLessThan(8_000);
  });

  it('logs a reply naming a case in that case, once, and keeps one naming an unknown case as an alert', async () => {
    const kase = (await analyst().post('/api/v1/case', { title: 'Invoice fraud', description: 'x' })).body;
    const reply = (id: string, subject: string) =>
      Buffer.from(
        [
          'From: Alice <alice@corp.example>',
          'To: soc@example.test',
          `Subject: ${subject}`,
          `Message-ID: <${id}@corp.example>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="r1"',
          '',
          '--r1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'I clicked it, here is the page I saw.',
          '--r1',
          'Content-Type: text/plain; name="page.txt"',
          'Content-Disposition: attachment; filename="page.txt"',
          '',
          'login form',
          '--r1--',
          '',
        ].join('\r\n'),
      );
    await withImap(async (client) => {
      await client.append('INBOX', reply('reply-1', `Re: Invoice fraud (Case #${kase.number})`));
      await client.append('INBOX', reply('reply-1', `Re: Invoice fraud (Case #${kase.number})`));
      await client.append('INBOX', reply('reply-2', 'Re: something (Case #999999)'));
    });
    const logs = await eventually(async () => {
      const res = await analyst().post('/api/v1/query', {
        query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'tasks' }, { _name: 'logs' }],
      });
      return res.body.length > 0 ? res.body : undefined;
    });
    await eventually(async () =>
      (await alertsBySourceRef()).has('<reply-2@corp.example>') ? true : undefined,
    );
    const tasks = await analyst().post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'tasks' }],
    });
    expect(tasks.body.map((t: any) => `${t.group}/${t.title}`)).toEqual(['mail/Mail replies']);
    expect(logs).toHaveLength(1);
    expect(logs[0].message).toContain('I clicked it, here is the page I saw.');
    expect(logs[0].message).toContain('**Message-ID:** <reply-1@corp.example>');
    expect(logs[0].attachments.map((a: any) => a.name)).toEqual(['page.txt']);
    expect((await alertsBySourceRef()).has('<reply-1@corp.example>')).toBe(false);
  });
});
