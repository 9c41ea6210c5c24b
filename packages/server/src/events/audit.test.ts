/**
 * The audit outbox: every write appends its rows in the same transaction, tagged with the request id
 * the client sees; failed writes append nothing; secrets never reach the details.
 */
import type { Selectable } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../auth/totp.js';
import type { AuditTable } from '../db/schema.js';
import { HttpClient, type HttpResponse } from '../test-support/http.js';
import { useOrganisation } from '../test-support/identity.js';
import { ADMIN_LOGIN, useTestServer } from '../test-support/server.js';
import { auditRows } from './audit.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');
let adminOrgId: number;
let socId: number;

type AuditRow = Selectable<AuditTable>;

async function auditOf(res: HttpResponse): Promise<AuditRow[]> {
  const requestId = res.headers.get('x-request-id');
  expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return server.propolis.deps.db
    .selectFrom('audit')
    .selectAll()
    .where('request_id', '=', requestId!)
    .orderBy('id')
    .execute();
}

async function auditCount(): Promise<number> {
  const rows = await server.propolis.deps.db.selectFrom('audit').select('id').execute();
  return rows.length;
}

const details = (row: AuditRow) => JSON.parse(row.details) as Record<string, unknown>;

beforeAll(async () => {
  adminOrgId = Number((await server.admin.get('/api/v1/organisation/admin')).body._id.slice(1));
  socId = Number((await server.admin.get('/api/v1/organisation/soc')).body._id.slice(1));
});

describe('audit rows of writes', () => {
  it('records a user creation with the request id, actor, organisation, object and changed fields', async () => {
    const before = Date.now();
    const res = await server.admin.post('/api/v1/user', {
      login: 'audited@soc.test',
      name: 'Audited',
      profile: 'analyst',
      organisation: 'soc',
    });
    expect(res.status).toBe(201);
    const rows = await auditOf(res);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      request_id: res.headers.get('x-request-id'),
      user_login: ADMIN_LOGIN,
      organisation_id: adminOrgId,
      action: 'create',
      object_type: 'User',
      object_id: res.body._id,
      root_id: res.body._id,
      main_action: 1,
    });
    expect(rows[0]!.created_at).toBeGreaterThanOrEqual(before);
    expect(details(rows[0]!)).toEqual({
      login: 'audited@soc.test',
      name: 'Audited',
      organisation: 'soc',
      profile: 'analyst',
    });
  });

  it('records updates with only the changed fields, in the acting organisation', async () => {
    const res = await soc.orgAdmin.patch('/api/v1/user/audited@soc.test', {
      name: 'Audited Again',
      locked: true,
    });
    expect(res.status).toBe(204);
    const rows = await auditOf(res);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_login: soc.logins.orgAdmin,
      organisation_id: socId,
      action: 'update',
      object_type: 'User',
    });
    expect(details(rows[0]!)).toEqual({ name: 'Audited Again', locked: true });
  });

  it('records organisations and profiles', async () => {
    const org = await server.admin.post('/api/v1/organisation', {
      name: 'audited-org',
      description: 'first',
      taskRule: 'manual',
    });
    expect((await auditOf(org))[0]).toMatchObject({
      action: 'create',
      object_type: 'Organisation',
      object_id: org.body._id,
    });
    const orgUpdate = await server.admin.patch('/api/v1/organisation/audited-org', {
      description: 'second',
      observableRule: 'manual',
    });
    const orgRows = await auditOf(orgUpdate);
    expect(orgRows[0]).toMatchObject({
      action: 'update',
      object_type: 'Organisation',
      object_id: org.body._id,
    });
    expect(details(orgRows[0]!)).toEqual({ description: 'second' });

    const profile = await server.admin.post('/api/v1/profile', {
      name: 'audited-profile',
      permissions: ['manageCase'],
    });
    expect(details((await auditOf(profile))[0]!)).toEqual({
      name: 'audited-profile',
      permissions: ['manageCase'],
    });
    const del = await server.admin.delete('/api/v1/profile/audited-profile');
    expect((await auditOf(del))[0]).toMatchObject({
      action: 'delete',
      object_type: 'Profile',
      object_id: profile.body._id,
    });
  });

  it('records memberships, locks and forced deletions', async () => {
    const created = await server.admin.post('/api/v1/user', {
      login: 'moved@soc.test',
      name: 'Moved',
      profile: 'analyst',
      organisation: 'soc',
    });
    const put = await server.admin.put('/api/v1/user/moved@soc.test/organisations', {
      organisations: [{ organisation: 'soc', profile: 'read-only', default: true }],
    });
    expect(details((await auditOf(put))[0]!)).toEqual({
      organisations: [{ organisation: 'soc', profile: 'read-only', default: true }],
    });
    const lock = await server.admin.delete('/api/v1/user/moved@soc.test');
    expect(details((await auditOf(lock))[0]!)).toEqual({ locked: true });
    const force = await server.admin.delete('/api/v1/user/moved@soc.test/force');
    expect((await auditOf(force))[0]).toMatchObject({
      action: 'delete',
      object_type: 'User',
      object_id: created.body._id,
    });
  });
});

describe('failed writes', () => {
  it('append nothing: validation errors, conflicts, permission denials and not-found', async () => {
    const before = await auditCount();
    const failures = [
      await server.admin.post('/api/v1/user', {
        login: 'audited@soc.test',
        name: 'Dup',
        profile: 'analyst',
        organisation: 'soc',
      }),
      await server.admin.post('/api/v1/user', {
        login: 'x@soc.test',
        name: 'X',
        profile: 'nope',
        organisation: 'soc',
      }),
      await server.admin.post('/api/v1/user', { login: 'x@soc.test', name: 'X' }),
      await soc.analyst.post('/api/v1/user', { login: 'x@soc.test', name: 'X', profile: 'analyst' }),
      await server.admin.patch('/api/v1/user/ghost@soc.test', { name: 'Ghost' }),
      await server.admin.post('/api/v1/organisation', { name: 'soc', description: 'dup' }),
      await server.admin.delete(`/api/v1/user/${soc.logins.analyst}/force?organisation=admin`),
      await server.admin.put(`/api/v1/user/${soc.logins.analyst}/organisations`, { organisations: [] }),
      await soc.readOnly.post(`/api/v1/user/${soc.logins.readOnly}/password/change`, {
        password: 'new-password-1',
        currentPassword: 'wrong-one-1',
      }),
    ];
    expect(failures.map((r) => [r.status, r.body.type])).toEqual([
      [400, 'ConflictError'],
      [400, 'BadRequest'],
      [400, 'BadRequest'],
      [403, 'AuthorizationError'],
      [404, 'NotFoundError'],
      [400, 'ConflictError'],
      [400, 'BadRequest'],
      [400, 'BadRequest'],
      [403, 'AuthorizationError'],
    ]);
    for (const res of failures) {
      expect(await auditOf(res)).toEqual([]);
    }
    expect(await auditCount()).toBe(before);
  });

  it('roll back the change together with the audit when the transaction fails', async () => {
    const before = await auditCount();
    // Race: several identical creations; the losers' transactions roll back entirely.
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        server.admin.post('/api/v1/organisation', { name: 'raced', description: 'x' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await auditCount()).toBe(before + 1);
    for (const r of results.filter((x) => x.status !== 201)) expect(await auditOf(r)).toEqual([]);
  });
});

describe('secrets', () => {
  it('never appear in audit details: passwords, API keys, TOTP secrets', async () => {
    const created = await server.admin.post('/api/v1/user', {
      login: 'secretive@soc.test',
      name: 'Secretive',
      profile: 'analyst',
      organisation: 'soc',
      password: 'initial-secret-pw',
    });
    expect(created.status).toBe(201);
    const set = await server.admin.post('/api/v1/user/secretive@soc.test/password/set', {
      password: 'second-secret-pw',
    });
    expect(set.status).toBe(204);
    expect(details((await auditOf(set))[0]!)).toEqual({ password: '<changed>' });
    const me = new HttpClient(server.url, { basic: ['secretive@soc.test', 'second-secret-pw'] });
    const change = await me.post('/api/v1/user/secretive@soc.test/password/change', {
      password: 'third-secret-pw',
      currentPassword: 'second-secret-pw',
    });
    expect(change.status).toBe(204);
    const renew = await server.admin.post('/api/v1/user/secretive@soc.test/key/renew');
    expect(renew.status).toBe(200);
    expect((await auditOf(renew)).map(details)).toEqual([{ key: '<renewed>' }]);
    const keyed = new HttpClient(server.url, { key: renew.text });
    const { secret } = (await keyed.post('/api/v1/auth/totp/set')).body;
    const totp = await keyed.post('/api/v1/auth/totp/set', { secret, code: currentTotp(secret) });
    expect(totp.status).toBe(200);
    expect(details((await auditOf(totp))[0]!)).toEqual({ mfa: 'enabled' });
    const revoke = await keyed.delete('/api/v1/user/secretive@soc.test/key');
    expect(revoke.status).toBe(204);
    expect((await auditOf(revoke)).map(details)).toEqual([{ key: '<revoked>' }]);

    const all = await server.propolis.deps.db.selectFrom('audit').selectAll().execute();
    const text = JSON.stringify(all);
    for (const s of ['initial-secret-pw', 'second-secret-pw', 'third-secret-pw', renew.text, secret]) {
      expect(text).not.toContain(s);
    }
    // Fixture keys and passwords too.
    expect(text).not.toContain('password-1234');
  });
});

describe('audit details as written', () => {
  const ctx = { requestId: 'r', login: 'system', organisationId: null };
  const json = (details?: Record<string, unknown>) =>
    auditRows(ctx, [{ action: 'update', objectType: 'Case', objectId: '~1', details }])[0]!.details;

  it('keeps details without secrets as they are, key order and nested values included', () => {
    const plain = {
      title: 'T',
      tags: ['a', 'b'],
      nested: { key: 'kept below the top level' },
      gone: undefined,
    };
    expect(json(plain)).toBe('{"title":"T","tags":["a","b"],"nested":{"key":"kept below the top level"}}');
    expect(json(undefined)).toBe('{}');
  });

  it('redacts secret keys at the top level, keeping the markers of a changed secret', () => {
    expect(json({ login: 'u', password: 'pw', apiKey: 'k', code: 123 })).toBe(
      '{"login":"u","password":"<redacted>","apiKey":"<redacted>","code":"<redacted>"}',
    );
    expect(json({ key: '<renewed>', secret: '<not a marker>' })).toBe(
      '{"key":"<renewed>","secret":"<redacted>"}',
    );
  });

  it('writes a non-plain object as a copy of its own keys', () => {
    const withProto = Object.assign(Object.create({ inherited: 1 }), { own: 2 }) as Record<string, unknown>;
    expect(json(withProto)).toBe('{"own":2}');
    expect(json(Object.assign(Object.create(null), { password: 'x', a: 1 }))).toBe(
      '{"password":"<redacted>","a":1}',
    );
  });
});
