/**
 * Custom field values: every input form, every type's valid and invalid values, options,
 * mandatory fields, and the write/read/merge/delete cycle, called directly on the domain module.
 */
import { PropolisError } from '@propolis/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../../test-support/server.js';
import {
  checkMandatory,
  deleteCustomFieldValueById,
  deleteCustomFieldValues,
  findCustomFieldValue,
  mergeCustomFields,
  readCustomFieldValues,
  resolveCustomFieldInput,
  writeCustomFieldValues,
} from './values.js';

describe('custom field values', () => {
  const server = useTestServer();
  const db = () => server.propolis.deps.db;
  const resolve = (input: unknown, enforceMandatory = false) =>
    resolveCustomFieldInput(db(), input, { enforceMandatory });
  const rejects = async (input: unknown, message: string | RegExp, enforceMandatory = false) => {
    const error = await resolve(input, enforceMandatory).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PropolisError);
    expect((error as PropolisError).status).toBe(400);
    expect((error as PropolisError).message).toMatch(message);
  };

  beforeAll(async () => {
    const defs = [
      { name: 'owner', type: 'string' },
      { name: 'hits', type: 'integer' },
      { name: 'cvss', type: 'float' },
      { name: 'confirmed', type: 'boolean' },
      { name: 'seen', type: 'date' },
      { name: 'ticket', type: 'url' },
      { name: 'level', type: 'string', options: ['low', 'high'] },
      { name: 'tier', type: 'integer', options: [1, 2, 3] },
    ];
    for (const d of defs) {
      const res = await server.admin.post('/api/v1/customField', { ...d, description: `${d.name} field` });
      expect(res.status).toBe(201);
    }
  });

  it('accepts the v1 list, the object and the v0 map forms', async () => {
    const list = await resolve([
      { name: 'owner', value: 'soc', order: 2 },
      { name: 'hits', value: 3, order: 1 },
    ]);
    expect(list.map((v) => [v.name, v.type, v.value, v.order])).toEqual([
      ['owner', 'string', 'soc', 2],
      ['hits', 'integer', 3, 1],
    ]);
    const object = await resolve({ owner: 'soc', confirmed: true });
    expect(object.map((v) => [v.name, v.value])).toEqual([
      ['owner', 'soc'],
      ['confirmed', true],
    ]);
    // thehive4py 1.x CustomFieldHelper
    const v0 = await resolve({
      seen: { order: 0, date: 1_700_000_000_000 },
      owner: { order: 1, string: 'x' },
      confirmed: { order: 2, boolean: false },
      hits: { order: 3, number: 4 },
      cvss: { order: 4, float: 7.5 },
    });
    expect(v0.map((v) => [v.name, v.value, v.order])).toEqual([
      ['seen', 1_700_000_000_000, 0],
      ['owner', 'x', 1],
      ['confirmed', false, 2],
      ['hits', 4, 3],
      ['cvss', 7.5, 4],
    ]);
    expect(v0[0]).toMatchObject({ displayName: 'seen', description: 'seen field', type: 'date' });
    expect(await resolve(undefined)).toEqual([]);
    expect(await resolve(null)).toEqual([]);
    expect(await resolve({})).toEqual([]);
  });

  it('checks every type: valid values pass, invalid ones name the field', async () => {
    const valid = await resolve({
      owner: 'someone',
      hits: 12,
      cvss: 9.8,
      confirmed: true,
      seen: 1_600_000_000_000,
      ticket: 'https://tickets.example/42',
    });
    expect(Object.fromEntries(valid.map((v) => [v.name, v.value]))).toEqual({
      owner: 'someone',
      hits: 12,
      cvss: 9.8,
      confirmed: true,
      seen: 1_600_000_000_000,
      ticket: 'https://tickets.example/42',
    });
    expect((await resolve({ cvss: 7 }))[0]!.value).toBe(7);
    // The core model is lenient with text sent by feeders: numbers become strings, numeric strings numbers.
    expect(
      (await resolve({ owner: 42, hits: '7', confirmed: 'false', seen: '2024-01-02T03:04:05Z' })).map(
        (v) => v.value,
      ),
    ).toEqual(['42', 7, false, Date.parse('2024-01-02T03:04:05Z')]);
    await rejects([{ name: 'owner', value: { nested: true } }], 'customFields.owner: expected string');
    await rejects({ hits: 1.5 }, /customFields\.hits/);
    await rejects({ hits: 'many' }, /customFields\.hits/);
    await rejects({ cvss: 'high' }, /customFields\.cvss/);
    await rejects({ confirmed: 'maybe' }, /customFields\.confirmed/);
    await rejects({ seen: 'yesterday' }, /customFields\.seen/);
    await rejects({ ticket: 'not a url' }, /customFields\.ticket/);
  });

  it('refuses unknown fields and values outside the options', async () => {
    await rejects({ nope: 'x' }, 'customFields.nope: unknown custom field');
    await rejects([{ name: 'nope', value: 1 }], 'customFields.nope: unknown custom field');
    expect((await resolve({ level: 'high', tier: 2 })).map((v) => v.value)).toEqual(['high', 2]);
    await rejects({ level: 'medium' }, /customFields\.level.*options/);
    await rejects({ tier: 5 }, /customFields\.tier.*options/);
    // A null value is "no value", not a value outside the options.
    expect((await resolve({ level: null }))[0]!.value).toBeNull();
  });

  it('enforces mandatory fields only when asked', async () => {
    const res = await server.admin.post('/api/v1/customField', {
      name: 'businessUnit',
      type: 'string',
      description: 'BU',
      mandatory: true,
    });
    expect(res.status).toBe(201);
    try {
      await rejects({ owner: 'x' }, 'customFields.businessUnit: is mandatory', true);
      await rejects({ businessUnit: null }, 'customFields.businessUnit: is mandatory', true);
      expect(await resolve({ owner: 'x' }, false)).toHaveLength(1);
      expect(await resolve({ businessUnit: 'finance' }, true)).toHaveLength(1);
      await expect(checkMandatory(db(), [])).rejects.toThrow(/businessUnit/);
    } finally {
      expect((await server.admin.delete('/api/v1/customField/businessUnit')).status).toBe(204);
    }
  });

  it('writes, reads, merges and deletes values', async () => {
    const { id: orgId } = await db()
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'admin')
      .executeTakeFirstOrThrow();
    const created = await resolve({ owner: 'a', hits: 1, cvss: null });
    await db()
      .transaction()
      .execute((trx) => writeCustomFieldValues(trx, orgId, 'alert', 9001, created, 'replace'));
    let values = (await readCustomFieldValues(db(), 'alert', [9001, 9002])).get(9001)!;
    expect(values.map((v) => [v.name, v.value])).toEqual([
      ['owner', 'a'],
      ['hits', 1],
      ['cvss', null],
    ]);
    expect(values[0]!.id).toBeGreaterThan(0);
    expect((await readCustomFieldValues(db(), 'alert', [9002])).get(9002)).toEqual([]);

    // merge: listed fields set or removed (null), others kept
    const patch = await resolve({ owner: 'b', hits: null, confirmed: true });
    await db()
      .transaction()
      .execute((trx) => writeCustomFieldValues(trx, orgId, 'alert', 9001, patch, 'merge'));
    values = (await readCustomFieldValues(db(), 'alert', [9001])).get(9001)!;
    expect(Object.fromEntries(values.map((v) => [v.name, v.value]))).toEqual({
      owner: 'b',
      cvss: null,
      confirmed: true,
    });

    // one value by its id, within the organisation only
    const owner = values.find((v) => v.name === 'owner')!;
    expect(await findCustomFieldValue(db(), orgId, owner.id)).toEqual({
      entityType: 'alert',
      entityId: 9001,
      fieldId: owner.fieldId,
    });
    expect(await findCustomFieldValue(db(), orgId + 1000, owner.id)).toBeUndefined();
    await deleteCustomFieldValueById(db(), orgId, owner.id);
    values = (await readCustomFieldValues(db(), 'alert', [9001])).get(9001)!;
    expect(values.map((v) => v.name).sort()).toEqual(['confirmed', 'cvss']);

    await db()
      .transaction()
      .execute((trx) => deleteCustomFieldValues(trx, 'alert', [9001]));
    expect((await readCustomFieldValues(db(), 'alert', [9001])).get(9001)).toEqual([]);
  });

  it('merges template values with case values, the case winning', async () => {
    const template = await resolve([
      { name: 'owner', value: 'template', order: 0 },
      { name: 'hits', value: null, order: 1 },
    ]);
    const kase = await resolve([{ name: 'owner', value: 'case', order: 0 }]);
    expect(mergeCustomFields(template, kase).map((v) => [v.name, v.value])).toEqual([
      ['owner', 'case'],
      ['hits', null],
    ]);
  });
});
