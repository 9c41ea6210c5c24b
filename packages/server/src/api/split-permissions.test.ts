/**
 * TheHive 5's split permissions, on SQLite and PostgreSQL: a profile made only of TheHive 5 names
 * (as thehive4py 2.x's `profile.create` sends them) is accepted and listed back; each command checks
 * its fine-grained name. For every name: a profile holding it (and what the action needs besides) is
 * allowed, a profile holding every other organisation permission but that one (and the TheHive 4
 * names implying it) is refused with 403 and nothing changes.
 */
import { IMPLIED_PERMISSIONS, ORGANISATION_PERMISSIONS, type Permission } from '@propolis/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../test-support/factories.js';
import type { HttpClient, HttpResponse } from '../test-support/http.js';
import { createOrganisation, type OrgFixture, userWithKey } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
let org: OrgFixture;

beforeAll(async () => {
  org = await createOrganisation(server, 'split');
  await createOrganisation(server, 'split-partner');
  await expectOk(server.admin.put('/api/v1/organisation/split/link/split-partner', {}), 'link');
}, 60_000);

/** Every organisation permission except `permission` and the TheHive 4 names that imply it. */
function allBut(permission: Permission): Permission[] {
  return ORGANISATION_PERMISSIONS.filter(
    (p) => p !== permission && !(IMPLIED_PERMISSIONS[p] ?? []).includes(permission),
  );
}

let users = 0;
async function userWith(permissions: readonly string[]): Promise<{ client: HttpClient; login: string }> {
  users += 1;
  const name = `split-${users}`;
  const profile = await server.admin.post('/api/v1/profile', { name, permissions });
  expect(profile.status, profile.text).toBe(201);
  const login = `${name}@split.test`;
  return { client: await userWithKey(server, 'split', login, name), login };
}

const newCase = (title = 'split case') =>
  expectOk(org.orgAdmin.post('/api/v1/case', { title, description: 'd' }), 'case');

let alerts = 0;
const newAlert = () => {
  alerts += 1;
  return expectOk(
    org.orgAdmin.post('/api/v1/alert', {
      type: 'split',
      source: 'test',
      sourceRef: `ref-${alerts}`,
      title: `alert ${alerts}`,
      description: 'd',
    }),
    'alert',
  );
};

interface Check {
  permission: Permission;
  /** What the action needs besides, given to both profiles. */
  also?: Permission[];
  /** Runs the action; `changed` reads whether it took effect. */
  act: (client: HttpClient, login: string) => Promise<{ res: HttpResponse; changed: () => Promise<boolean> }>;
}

const exists = async (path: string) => (await org.orgAdmin.get(path)).status === 200;

const CHECKS: Check[] = [
  {
    permission: 'manageCase/create',
    act: async (c) => {
      const title = `created ${Math.random()}`;
      const res = await c.post('/api/v1/case', { title, description: 'd' });
      return {
        res,
        changed: async () =>
          (
            await org.orgAdmin.post('/api/v1/query', {
              query: [{ _name: 'listCase' }, { _name: 'filter', _eq: { _field: 'title', _value: title } }],
            })
          ).body.length === 1,
      };
    },
  },
  {
    permission: 'manageCase/update',
    act: async (c) => {
      const k = await newCase();
      const res = await c.patch(`/api/v1/case/${k._id}`, { title: 'renamed' });
      return {
        res,
        changed: async () => (await org.orgAdmin.get(`/api/v1/case/${k._id}`)).body.title === 'renamed',
      };
    },
  },
  {
    permission: 'manageCase/delete',
    act: async (c) => {
      const k = await newCase();
      const res = await c.delete(`/api/v1/case/${k._id}`);
      return { res, changed: async () => !(await exists(`/api/v1/case/${k._id}`)) };
    },
  },
  {
    permission: 'manageCase/merge',
    act: async (c) => {
      const a = await newCase('merge a');
      const b = await newCase('merge b');
      const res = await c.post(`/api/v1/case/_merge/${a._id},${b._id}`);
      return { res, changed: async () => !(await exists(`/api/v1/case/${a._id}`)) };
    },
  },
  {
    permission: 'manageCase/reopen',
    also: ['manageCase/update'],
    act: async (c) => {
      const k = await newCase();
      await expectOk(
        org.orgAdmin.patch(`/api/v1/case/${k._id}`, { status: 'TruePositive', summary: 's' }),
        'close',
      );
      const res = await c.patch(`/api/v1/case/${k._id}`, { status: 'InProgress' });
      return {
        res,
        changed: async () => (await org.orgAdmin.get(`/api/v1/case/${k._id}`)).body.stage !== 'Closed',
      };
    },
  },
  {
    permission: 'manageCase/changeOwnership',
    also: ['manageShare'],
    act: async (c) => {
      const k = await newCase();
      const res = await c.post(`/api/v1/case/${k._id}/owner`, { organisation: 'split-partner' });
      return { res, changed: async () => !(await exists(`/api/v1/case/${k._id}`)) };
    },
  },
  {
    permission: 'manageCaseAccess/restrict',
    act: async (c, login) => {
      const k = await newCase();
      const res = await c.post(`/api/v1/case/${k._id}/access`, {
        access: { kind: 'restricted', users: [login] },
      });
      return {
        res,
        changed: async () => (await org.analyst.get(`/api/v1/case/${k._id}`)).status === 404,
      };
    },
  },
  {
    permission: 'manageCustomEvent',
    act: async (c) => {
      const k = await newCase();
      const res = await c.post(`/api/v1/case/${k._id}/customEvent`, { date: Date.now(), title: 'event' });
      return {
        res,
        changed: async () =>
          JSON.stringify((await org.orgAdmin.get(`/api/v1/case/${k._id}/timeline`)).body).includes('"event"'),
      };
    },
  },
  {
    permission: 'manageAlert/create',
    act: async (c) => {
      const sourceRef = `own-${Math.random()}`;
      const res = await c.post('/api/v1/alert', {
        type: 'split',
        source: 'test',
        sourceRef,
        title: 't',
        description: 'd',
      });
      return {
        res,
        changed: async () =>
          (
            await org.orgAdmin.post('/api/v1/query', {
              query: [
                { _name: 'listAlert' },
                { _name: 'filter', _eq: { _field: 'sourceRef', _value: sourceRef } },
              ],
            })
          ).body.length === 1,
      };
    },
  },
  {
    permission: 'manageAlert/update',
    act: async (c) => {
      const a = await newAlert();
      const res = await c.patch(`/api/v1/alert/${a._id}`, { title: 'renamed' });
      return {
        res,
        changed: async () => (await org.orgAdmin.get(`/api/v1/alert/${a._id}`)).body.title === 'renamed',
      };
    },
  },
  {
    permission: 'manageAlert/delete',
    act: async (c) => {
      const a = await newAlert();
      const res = await c.delete(`/api/v1/alert/${a._id}`);
      return { res, changed: async () => !(await exists(`/api/v1/alert/${a._id}`)) };
    },
  },
  {
    permission: 'manageAlert/import',
    also: ['manageCase/create'],
    act: async (c) => {
      const a = await newAlert();
      const res = await c.post(`/api/v1/alert/${a._id}/case`, {});
      return {
        res,
        changed: async () => (await org.orgAdmin.get(`/api/v1/alert/${a._id}`)).body.caseId !== undefined,
      };
    },
  },
  {
    permission: 'manageAlert/reopen',
    also: ['manageAlert/update'],
    act: async (c) => {
      const a = await newAlert();
      await expectOk(org.orgAdmin.patch(`/api/v1/alert/${a._id}`, { status: 'FalsePositive' }), 'close');
      const res = await c.patch(`/api/v1/alert/${a._id}`, { status: 'New' });
      return {
        res,
        changed: async () => (await org.orgAdmin.get(`/api/v1/alert/${a._id}`)).body.status === 'New',
      };
    },
  },
  {
    permission: 'managePageTemplate',
    act: async (c) => {
      const title = `template ${Math.random()}`;
      const res = await c.post('/api/v1/pageTemplate', { title, category: 'c', content: '# x' });
      return {
        res,
        changed: async () =>
          (await org.orgAdmin.get('/api/v1/pageTemplate')).body.some(
            (t: { title: string }) => t.title === title,
          ),
      };
    },
  },
  {
    permission: 'manageKnowledgeBase',
    act: async (c) => {
      const title = `kb ${Math.random()}`;
      const res = await c.post('/api/v1/page', { title, category: 'c', content: '# x' });
      return {
        res,
        changed: async () =>
          (await org.orgAdmin.get('/api/v1/page')).body.some((p: { title: string }) => p.title === title),
      };
    },
  },
  {
    permission: 'manageCaseReportTemplate',
    act: async (c) => {
      const name = `report ${Math.random()}`;
      const res = await c.post('/api/v1/caseReportTemplate', {
        name,
        description: 'd',
        content: '# {{case.title}}',
      });
      return {
        res,
        changed: async () =>
          (await org.orgAdmin.get('/api/v1/caseReportTemplate')).body.some(
            (t: { name: string }) => t.name === name,
          ),
      };
    },
  },
];

describe('TheHive 5 split permissions', () => {
  it('accepts a profile of split names (thehive4py 2.x profile.create) and lists it back', async () => {
    const permissions = [
      'manageCase/create',
      'manageAlert/import',
      'manageCaseAccess/external',
      'manageFunction/invoke',
    ];
    const created = await server.admin.post('/api/v1/profile', { name: 'th5-style', permissions });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'Profile',
      name: 'th5-style',
      permissions: [...permissions].sort(),
    });
    expect((await server.admin.get('/api/v1/profile/th5-style')).body.permissions).toEqual(
      [...permissions].sort(),
    );
    const patched = await server.admin.patch('/api/v1/profile/th5-style', {
      permissions: [...permissions, 'manageCase/delete'],
    });
    expect(patched.status, patched.text).toBe(204);
    const bad = await server.admin.post('/api/v1/profile', {
      name: 'bad',
      permissions: ['manageCase/destroy'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('manageCase/destroy');
    // the user's permissions are what the profile grants; GET /permission says what a TheHive 4 name implies
    const user = await userWithKey(server, 'split', 'th5@split.test', 'th5-style');
    expect((await user.get('/api/v1/user/current')).body.permissions).toEqual(
      [...permissions, 'manageCase/delete'].sort(),
    );
    const v0 = (await user.get('/api/user/current')).body;
    expect(v0.roles).toEqual(['read', 'write', 'alert']);
    const list = (await user.get('/api/v1/permission')).body as Array<{ name: string; implies?: string[] }>;
    expect(list.find((p) => p.name === 'manageCase')?.implies).toContain('manageCase/merge');
    expect(list.map((p) => p.name)).toContain('manageAlert/reopen');
    const described = (await user.get('/api/v1/describe/profile')).body.attributes.find(
      (a: { name: string }) => a.name === 'permissions',
    );
    expect(described.values).toContain('manageCase/changeOwnership');
  });

  it('a TheHive 4 name lists the TheHive 5 names it implies on the user', async () => {
    const me = (await org.analyst.get('/api/v1/user/current')).body.permissions as string[];
    expect(me).toEqual(expect.arrayContaining(['manageCase', 'manageCase/merge', 'manageAlert/import']));
  });

  for (const check of CHECKS) {
    it(`${check.permission}: allowed with it, refused without it`, async () => {
      const allowed = await userWith([check.permission, ...(check.also ?? [])]);
      const ok = await check.act(allowed.client, allowed.login);
      expect(ok.res.status, ok.res.text).toBeLessThan(300);
      expect(await ok.changed()).toBe(true);
      const denied = await userWith(allBut(check.permission));
      const refused = await check.act(denied.client, denied.login);
      expect(refused.res.status, refused.res.text).toBe(403);
      expect(refused.res.body.message).toContain(check.permission);
      expect(await refused.changed()).toBe(false);
    });
  }
});
