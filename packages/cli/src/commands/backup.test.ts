/**
 * `propolis backup` of a served instance while alerts are being posted to it, then `propolis
 * restore` into a new instance (SQLite folder, or PostgreSQL database when DATABASE_URL is set) that
 * serves the alerts of the backup and the bytes of an attachment.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  call,
  haveCli,
  type Instance,
  newInstance,
  runCli,
  serve,
  socAnalyst,
  upload,
} from '../test-support/cli.js';

describe.skipIf(!haveCli())('propolis backup and restore', () => {
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const i of instances) await i.drop();
  });

  it('backs up a server under load and restores into a working server', async () => {
    const source = await newInstance();
    instances.push(source);
    const served = await serve(source);
    const key = await socAnalyst(served);
    const alert = (i: number) => ({
      type: 'load',
      source: 'backup-test',
      sourceRef: `b-${i}`,
      title: `B ${i}`,
      description: 'd',
    });
    const first = await call<{ _id: string }>(served.url, key, 'POST', '/api/v1/alert', alert(0));
    const file = await upload<Array<{ _id: string; attachment: { id: string } }>>(
      served.url,
      key,
      `/api/v1/alert/${first._id}/observable`,
      { dataType: 'file', message: 'sample' },
      { field: 'attachment', name: 'sample.bin', data: Buffer.from('backup me, byte for byte \u0000\u00ff') },
    );

    // writers keep posting while the backup runs
    let posting = true;
    let posted = 1;
    const writers = Array.from({ length: 3 }, async () => {
      while (posting) await call(served.url, key, 'POST', '/api/v1/alert', alert(posted++));
    });
    await new Promise((r) => setTimeout(r, 300));
    const folder = `${source.dataDir}-backup`;
    const backup = await runCli(['backup', folder, '--json'], source.env);
    posting = false;
    await Promise.all(writers);
    await served.stop();
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const manifest = JSON.parse(backup.stdout);
    expect(manifest.counts.alert).toBeGreaterThan(1);
    expect(manifest.counts.alert).toBeLessThanOrEqual(posted);
    expect((await runCli(['backup', folder], source.env)).code).toBe(2); // not an empty folder

    const target = await newInstance();
    instances.push(target);
    const restored = await runCli(['restore', folder, '--json'], target.env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout).counts.alert).toBe(manifest.counts.alert);
    expect((await runCli(['restore', folder], target.env)).code).toBe(2); // a database is there

    const again = await serve(target);
    try {
      const count = await call<number>(again.url, key, 'POST', '/api/v1/query', {
        query: [{ _name: 'listAlert' }, { _name: 'count' }],
      });
      expect(count).toBe(manifest.counts.alert);
      const obs = file[0]!;
      const res = await fetch(
        `${again.url}/api/v1/observable/${obs._id}/attachment/${obs.attachment.id}/download`,
        {
          headers: { authorization: key },
        },
      );
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('backup me, byte for byte \u0000\u00ff');
      // and it takes new writes
      await call(again.url, key, 'POST', '/api/v1/alert', alert(100_000));
    } finally {
      await again.stop();
    }
  }, 240_000);
});
