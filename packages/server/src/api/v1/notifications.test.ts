/**
 * Notification configuration through the API: TheHive 5's v1 notifications and TheHive 4's
 * organisation configuration, validated (bad configuration → a 400 that says what to fix), limited to
 * org-admins (manageConfig), secrets never returned.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisation, useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer({
  notification: {
    webhook: {
      endpoints: [
        {
          name: 'local',
          url: 'http://127.0.0.1:9/hook',
          version: 0,
          auth: { type: 'bearer', key: 'yaml-secret' },
        },
        { name: 'elsewhere', url: 'http://127.0.0.1:9/other', includedTheHiveOrganisations: ['nobody'] },
      ] as never,
    },
    // never reached: these tests configure, they do not deliver
    email: { host: '127.0.0.1', port: 9 },
  },
});
const org = useOrganisation(server, 'notifycfg');

const webhook = (extra: Record<string, unknown> = {}) => ({
  name: 'alerts-to-soar',
  trigger: { name: 'AlertCreated' },
  notifiers: [{ name: 'Webhook', endpoint: 'local' }],
  ...extra,
});

describe('v1 notifications', () => {
  it('an org-admin creates, reads, updates and deletes a notification', async () => {
    const created = await org.orgAdmin.post('/api/v1/notification', webhook());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'Notification',
      name: 'alerts-to-soar',
      trigger: { name: 'AlertCreated' },
      notifiers: [{ name: 'Webhook', endpoint: 'local' }],
      enabled: true,
      origin: 'api',
    });
    const id = created.body._id;
    expect((await org.orgAdmin.get(`/api/v1/notification/${id}`)).body.name).toBe('alerts-to-soar');
    const patched = await org.orgAdmin.patch(`/api/v1/notification/${id}`, { enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body.enabled).toBe(false);
    expect((await org.orgAdmin.get('/api/v1/notification')).body.map((n: any) => n.name)).toContain(
      'alerts-to-soar',
    );
    expect((await org.orgAdmin.delete(`/api/v1/notification/${id}`)).status).toBe(204);
    expect((await org.orgAdmin.get(`/api/v1/notification/${id}`)).status).toBe(404);
  });

  it('refuses bad configuration with a 400 that says what to fix', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        webhook({ trigger: { name: 'SomethingHappened' } }),
        /trigger\.name: unknown trigger "SomethingHappened"/,
      ],
      [webhook({ trigger: { name: 'FilteredEvent' } }), /FilteredEvent needs a filter/],
      [webhook({ trigger: { name: 'FilteredEvent', filter: { _nope: 1 } } }), /trigger\.filter/],
      [webhook({ notifiers: [{ name: 'Pigeon' }] }), /notifiers\[0\]\.name: unknown notifier "Pigeon"/],
      [webhook({ notifiers: [{ name: 'Webhook', endpoint: 'missing' }] }), /no webhook endpoint "missing"/],
      [
        webhook({ notifiers: [{ name: 'Webhook', endpoint: 'elsewhere' }] }),
        /no webhook endpoint "elsewhere"/,
      ],
      [
        webhook({ notifiers: [{ name: 'Webhook', url: 'not a url' }] }),
        /notifiers\[0\]\.url: "not a url" is not a valid URL/,
      ],
      [webhook({ notifiers: [{ name: 'Webhook', url: 'ftp://example.org/x' }] }), /only http and https/],
      [webhook({ notifiers: [{ name: 'Webhook', url: 'http://127.0.0.1:8080/' }] }), /loopback address/],
      [webhook({ notifiers: [{ name: 'Webhook', url: 'http://localhost/' }] }), /own host/],
      [
        webhook({ notifiers: [{ name: 'Slack', url: 'http://169.254.169.254/latest' }] }),
        /linkLocal address/,
      ],
      [webhook({ notifiers: [{ name: 'HttpRequest', url: 'http://[::1]/x' }] }), /loopback address/],
      [
        webhook({
          notifiers: [{ name: 'EmailerToAddr', to: ['soc@example.org'], template: 'Hello {{#object}}' }],
        }),
        /notifiers\[0\]\.template: template syntax error: Unclosed section "object"/,
      ],
      [webhook({ notifiers: [{ name: 'EmailerToAddr', to: ['not-an-address'] }] }), /notifiers\[0\]\.to/],
      [webhook({ notifiers: [{ name: 'AppendToFile', file: '../etc/passwd' }] }), /plain file name/],
      [
        webhook({ notifiers: [{ name: 'Webhook', url: 'http://10.1.2.3/', auth: { type: 'magic' } }] }),
        /auth\.type/,
      ],
      [webhook({ notifiers: [] }), /notifiers/],
    ];
    for (const [body, message] of cases) {
      const res = await org.orgAdmin.post('/api/v1/notification', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('BadRequest');
      expect(res.body.message).toMatch(message);
    }
  });

  it('lets only org-admins manage notifications, in their own organisation', async () => {
    const denied = await org.analyst.post('/api/v1/notification', webhook({ name: 'analyst-try' }));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/manageConfig/);
    const made = await org.orgAdmin.post('/api/v1/notification', webhook({ name: 'private-one' }));
    const other = await createOrganisation(server, 'notifycfg2');
    expect((await other.orgAdmin.get(`/api/v1/notification/${made.body._id}`)).status).toBe(404);
    expect((await other.orgAdmin.get('/api/v1/notification')).body).toEqual([]);
    // a user may keep a notification that e-mails themselves
    const mine = await org.analyst.post('/api/v1/notification', {
      name: 'my-tasks',
      trigger: { name: 'TaskAssigned' },
      notifiers: [{ name: 'EmailerToUser' }],
    });
    expect(mine.status).toBe(201);
    expect(mine.body.user).toBe(org.logins.analyst);
    expect((await org.analyst.get('/api/v1/notification')).body.map((n: any) => n.name)).toEqual([
      'my-tasks',
    ]);
  });

  it('never returns secrets, and keeps them when the masked value is sent back', async () => {
    const created = await org.orgAdmin.post('/api/v1/notification', {
      name: 'secrets',
      trigger: { name: 'CaseCreated' },
      notifiers: [
        {
          name: 'Webhook',
          url: 'http://10.20.30.40/hook',
          auth: { type: 'basic', username: 'u', password: 'p4ss' },
        },
        { name: 'Slack', url: 'https://10.20.30.41/services/T000/B000/XXXX' },
        {
          name: 'HttpRequest',
          url: 'http://10.20.30.42/x',
          headers: { Authorization: 'Token abc', 'X-Kind': 'propolis' },
        },
      ],
    });
    expect(created.status).toBe(201);
    const text = JSON.stringify((await org.orgAdmin.get(`/api/v1/notification/${created.body._id}`)).body);
    expect(text).not.toMatch(/p4ss|XXXX|Token abc/);
    expect(created.body.notifiers[0].auth).toEqual({ type: 'basic', username: 'u', password: '********' });
    expect(created.body.notifiers[2].headers).toEqual({ Authorization: '********', 'X-Kind': 'propolis' });
    // send it back as read, with one change
    const back = await org.orgAdmin.patch(`/api/v1/notification/${created.body._id}`, {
      notifiers: created.body.notifiers.map((n: any, i: number) => (i === 2 ? { ...n, method: 'PUT' } : n)),
    });
    expect(back.status).toBe(200);
    const row = await server.propolis.storage.db
      .selectFrom('notification')
      .select('notifiers')
      .where('name', '=', 'secrets')
      .executeTakeFirstOrThrow();
    const stored = JSON.parse(row.notifiers);
    expect(stored[0].auth.password).toBe('p4ss');
    expect(stored[1].url).toBe('https://10.20.30.41/services/T000/B000/XXXX');
    expect(stored[2]).toMatchObject({ method: 'PUT', headers: { Authorization: 'Token abc' } });
  });

  it('lists the endpoints of the configuration file an organisation may use, without URL or credentials', async () => {
    const res = await org.orgAdmin.get('/api/v1/notification/endpoint');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ name: 'local', version: 0, auth: 'bearer' }]);
  });
});

describe("TheHive 4's organisation configuration", () => {
  const entry = {
    delegate: false,
    trigger: { name: 'AnyEvent' },
    notifier: { name: 'webhook', endpoint: 'local' },
  };

  it('PUT then GET /api/config/organisation/notification', async () => {
    const put = await org.orgAdmin.send('PUT', '/api/config/organisation/notification', {
      value: [entry],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ path: 'notification', value: [entry] });
    const got = await org.orgAdmin.get('/api/config/organisation/notification');
    expect(got.body.value).toEqual([entry]);
    const list = (await org.orgAdmin.get('/api/v1/notification')).body.filter(
      (n: any) => n.origin === 'config',
    );
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      trigger: { name: 'AnyEvent' },
      notifiers: [{ name: 'Webhook', endpoint: 'local' }],
    });
    // replaced as a whole
    const cleared = await org.orgAdmin.send('PUT', '/api/config/organisation/notification', { value: [] });
    expect(cleared.body.value).toEqual([]);
  });

  it('refuses an unknown endpoint or trigger, and non-admins', async () => {
    const bad = await org.orgAdmin.send('PUT', '/api/config/organisation/notification', {
      value: [{ ...entry, notifier: { name: 'webhook', endpoint: 'nope' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/value\[0\]\.notifier\.endpoint: no webhook endpoint "nope"/);
    const badTrigger = await org.orgAdmin.send('PUT', '/api/config/organisation/notification', {
      value: [{ ...entry, trigger: { name: 'Whatever' } }],
    });
    expect(badTrigger.status).toBe(400);
    expect(badTrigger.body.message).toMatch(/value\[0\]\.trigger\.name/);
    const denied = await org.analyst.send('PUT', '/api/config/organisation/notification', {
      value: [entry],
    });
    expect(denied.status).toBe(403);
    expect((await org.analyst.get('/api/config/organisation/notification')).status).toBe(403);
  });
});

describe('without an SMTP server', () => {
  const bare = useTestServer();
  const o = useOrganisation(bare, 'nosmtp');

  it('refuses e-mail notifiers with a 400 that names the setting', async () => {
    const res = await o.orgAdmin.post('/api/v1/notification', {
      name: 'mails',
      trigger: { name: 'CaseClosed' },
      notifiers: [{ name: 'EmailerToAddr', to: ['soc@example.org'] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /notifiers\[0\]: no SMTP server is configured.*notification\.email\.host/,
    );
  });
});
