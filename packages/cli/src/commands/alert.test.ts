/**
 * `propolis alert send` against a served instance: a thousand JSON lines from stdin are created,
 * the same lines sent again are all reported as duplicates (exit 0), and a line that is not an alert
 * makes the run fail (exit 1) with its line number, the others still created.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  call,
  haveCli,
  type Instance,
  newInstance,
  runCli,
  type Served,
  serve,
  socAnalyst,
} from '../test-support/cli.js';

describe.skipIf(!haveCli())('propolis alert send', () => {
  let instance: Instance;
  let served: Served | undefined;
  afterAll(async () => {
    await served?.stop();
    await instance?.drop();
  });

  it('creates 1,000 alerts from JSON lines, then reports every one as a duplicate', async () => {
    instance = await newInstance();
    served = await serve(instance);
    const key = await socAnalyst(served);
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        type: 'siem',
        source: 'cli-test',
        sourceRef: `ref-${i}`,
        title: `Alert ${i}`,
        description: 'sent by propolis alert send',
        observables: [{ dataType: 'ip', data: `10.1.${i % 250}.${i % 200}` }],
      }),
    ).join('\n');
    const env = { ...instance.env, PROPOLIS_URL: served.url, PROPOLIS_API_KEY: key.slice('Bearer '.length) };

    const first = await runCli(['alert', 'send', '--json', '--concurrency', '8'], env, `${lines}\n`);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ read: 1000, created: 1000, duplicates: 0, failed: 0 });
    const count = await call<number>(served.url, key, 'POST', '/api/v1/query', {
      query: [
        { _name: 'listAlert' },
        { _name: 'filter', _eq: { _field: 'source', _value: 'cli-test' } },
        { _name: 'count' },
      ],
    });
    expect(count).toBe(1000);

    const second = await runCli(['alert', 'send', '--json', '--concurrency', '8'], env, lines);
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again).toMatchObject({ read: 1000, created: 0, duplicates: 1000, failed: 0 });
    expect(again.duplicateRefs).toContain('ref-999');

    // human output, a bad line among good ones: the good one is created, the run fails with the line
    const mixed = `${JSON.stringify({ type: 'siem', source: 'cli-test', sourceRef: 'ref-new', title: 't', description: 'd' })}\n{"type": "siem"}\nnot json\n`;
    const third = await runCli(['alert', 'send'], env, mixed);
    expect(third.code).toBe(1);
    expect(third.stdout).toMatch(/3 read: 1 created, 0 duplicates, 2 failed/);
    expect(third.stdout).toMatch(/line 2: /);
    expect(third.stdout).toMatch(/line 3: not JSON/);
    expect(third.stdout + third.stderr).not.toContain(env.PROPOLIS_API_KEY);
  }, 300_000);
});
