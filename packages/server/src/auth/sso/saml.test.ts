/**
 * SAML 2.0 sign-in with responses signed by a test identity provider (xml-crypto, openssl keys): the
 * service provider's request, metadata, and a signed assertion mapped to a user and memberships; and
 * the responses that must be refused with a clear message and nothing created (altered after
 * signing, unsigned, signed by another key, expired, for another audience, replayed, unsolicited).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../test-support/browser.js';
import { requestIdOf, TestSamlIdp } from '../../test-support/saml-idp.js';
import { useTestServer } from '../../test-support/server.js';

const SP_ENTITY = 'https://propolis.example.test/saml';
const idp = new TestSamlIdp();

describe('SAML 2.0 single sign-on', () => {
  const server = useTestServer({
    auth: {
      sso: {
        saml: [
          {
            name: 'corp-saml',
            label: 'Corporate SAML',
            entryPoint: 'https://idp.example.test/sso',
            idpCert: [idp.keys.cert],
            entityId: SP_ENTITY,
            autoCreate: true,
            fields: { name: 'displayName', email: 'email', groups: 'groups' },
            organisations: [{ group: 'soc', organisation: 'Blue', profile: 'analyst' }],
          },
        ],
      },
    } as never,
  });
  beforeAll(async () => {
    expect(
      (await server.admin.post('/api/v1/organisation', { name: 'Blue', description: 'Blue' })).status,
    ).toBe(201);
  });

  const acs = () => `${server.url}/api/v1/sso/saml/corp-saml/acs`;
  const logins = async () =>
    (await server.admin.post('/api/v1/query', { query: [{ _name: 'listUser' }] })).body.map(
      (u: { login: string }) => u.login,
    );

  /** Starts a sign-in: answers the request id the IdP must answer. */
  async function start(browser: Browser): Promise<string> {
    const page = await browser.fetch(`${server.url}/api/v1/sso/saml/corp-saml/login?redirect=/cases`);
    expect(page.status).toBe(302);
    const location = page.headers.get('location') ?? '';
    expect(location.startsWith('https://idp.example.test/sso?SAMLRequest=')).toBe(true);
    expect(new URL(location).searchParams.get('RelayState')).toBe('/cases');
    return requestIdOf(location);
  }

  const post = (browser: Browser, SAMLResponse: string) =>
    browser.fetch(acs(), { form: { SAMLResponse, RelayState: '/cases' } });

  const good = (inResponseTo: string, extra: Partial<Parameters<TestSamlIdp['response']>[0]> = {}) => ({
    inResponseTo,
    acsUrl: acs(),
    audience: SP_ENTITY,
    nameId: 'erin@corp.test',
    attributes: { displayName: ['Erin SAML'], email: ['erin@corp.test'], groups: ['soc', 'staff'] },
    ...extra,
  });

  it('publishes the service provider metadata', async () => {
    const res = await fetch(`${server.url}/api/v1/sso/saml/corp-saml/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await res.text();
    expect(xml).toContain(`entityID="${SP_ENTITY}"`);
    expect(xml).toContain(`Location="${acs()}"`);
  });

  it('signs in with a signed assertion: the user is created with the mapped membership and a session', async () => {
    const browser = new Browser();
    const id = await start(browser);
    const res = await post(browser, idp.response(good(id)));
    expect(res.status, res.text).toBe(302);
    expect(res.headers.get('location')).toBe('/cases');
    const me = await browser.fetch(`${server.url}/api/v1/user/current`);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({
      login: 'erin@corp.test',
      name: 'Erin SAML',
      organisation: 'Blue',
      profile: 'analyst',
    });
    // the same response again: its request was answered already
    const replay = await post(new Browser(), idp.response(good(id)));
    expect(replay.status).toBe(401);
  });

  const refusals: Array<[string, (id: string) => Parameters<TestSamlIdp['response']>[0], RegExp]> = [
    [
      'an assertion altered after signing',
      (id) =>
        good(id, { nameId: 'mallory@corp.test', alter: (xml) => xml.replace('>staff<', '>soc-admins<') }),
      /refused: .*(digest|signature)/i,
    ],
    [
      'an unsigned assertion',
      (id) => good(id, { nameId: 'mallory@corp.test', sign: 'none' }),
      /refused: .*signature/i,
    ],
    [
      'an assertion signed by another key',
      (id) => good(id, { nameId: 'mallory@corp.test', sign: 'other' }),
      /refused: .*signature/i,
    ],
    [
      'an expired assertion',
      (id) => good(id, { nameId: 'mallory@corp.test', validForMs: -60_000 }),
      /refused: .*(expired|NotOnOrAfter|no valid subject confirmation)/i,
    ],
    [
      'an assertion for another audience',
      (id) => good(id, { nameId: 'mallory@corp.test', audience: 'https://other.example.test' }),
      /refused: .*audience/i,
    ],
    [
      'an unsolicited response',
      () => good('_never-asked', { nameId: 'mallory@corp.test' }),
      /refused: .*InResponseTo/i,
    ],
  ];
  for (const [what, build, message] of refusals) {
    it(`refuses ${what}: 401, no session, nobody created`, async () => {
      const browser = new Browser();
      const id = await start(browser);
      const res = await post(browser, idp.response(build(id)));
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).message).toMatch(message);
      expect(browser.cookie(server.url, 'PROPOLIS-SESSION')).toBeUndefined();
      expect(await logins()).not.toContain('mallory@corp.test');
    });
  }

  it('answers a malformed post with a clear 4xx', async () => {
    const browser = new Browser();
    expect((await browser.fetch(acs(), { form: { SAMLResponse: 'bm90IHhtbA==' } })).status).toBe(401);
    expect((await browser.fetch(acs(), { form: { RelayState: '/' } })).status).toBe(400);
  });
});
