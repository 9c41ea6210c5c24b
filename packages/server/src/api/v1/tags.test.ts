/**
 * Tag listing on both faces: the organisation's tags with counts, filtered by prefix and entity.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { replaceTags } from '../../db/repositories/tags.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('tags', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');
  beforeAll(async () => {
    const db = server.propolis.deps.db;
    await replaceTags(db, soc.id, 'case', 1, ['phishing', 'mail']);
    await replaceTags(db, soc.id, 'case', 2, ['phishing']);
    await replaceTags(db, soc.id, 'alert', 3, ['phishing', 'siem']);
    await replaceTags(db, soc.id, 'observable', 4, ['malware']);
    await replaceTags(db, other.id, 'case', 5, ['secret-tag']);
  });

  it('lists the organisation tags with counts, most used first', async () => {
    const res = await soc.readOnly.get('/api/v1/tag');
    expect(res.status).toBe(200);
    expect(res.body.map((t: { value: string; count: number }) => [t.value, t.count])).toEqual([
      ['phishing', 3],
      ['mail', 1],
      ['malware', 1],
      ['siem', 1],
    ]);
    expect(res.body[0]).toEqual({
      _id: 'phishing',
      _type: 'Tag',
      namespace: '_freetags_',
      predicate: 'phishing',
      value: 'phishing',
      count: 3,
      colour: '#000000',
    });
    const v0 = await soc.readOnly.get('/api/tag');
    expect(v0.body).toEqual(res.body);
    expect(v0.headers.get('x-total')).toBe('4');
  });

  it('filters by prefix and by entity', async () => {
    expect(
      (await soc.analyst.get('/api/v1/tag?prefix=ma')).body.map((t: { value: string }) => t.value),
    ).toEqual(['mail', 'malware']);
    expect(
      (await soc.analyst.get('/api/tag?entity=alert')).body.map((t: { value: string }) => t.value),
    ).toEqual(['phishing', 'siem']);
    expect((await soc.analyst.get('/api/v1/tag?entity=case&prefix=p')).body).toMatchObject([
      { value: 'phishing', count: 2 },
    ]);
    const bad = await soc.analyst.get('/api/v1/tag?entity=user');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('entity');
  });

  it('never shows another organisation tags', async () => {
    expect((await soc.analyst.get('/api/v1/tag')).body.map((t: { value: string }) => t.value)).not.toContain(
      'secret-tag',
    );
    expect((await other.analyst.get('/api/v1/tag')).body.map((t: { value: string }) => t.value)).toEqual([
      'secret-tag',
    ]);
  });
});
