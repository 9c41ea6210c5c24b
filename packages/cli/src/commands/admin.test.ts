/**
 * The operator verbs as an operator runs them, on the built command: `migrate` on a new database,
 * `doctor` before and after, `admin` verbs whose results a served instance then honours (the key
 * authenticates, the reset password logs in), and the exit codes of failures and usage errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { call, haveCli, type Instance, newInstance, runCli, serve } from '../test-support/cli.js';

describe.skipIf(!haveCli())('propolis migrate, admin, doctor', () => {
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const i of instances) await i.drop();
  });

  it('initialises a database, administers it directly, and reports its health', async () => {
    const instance = await newInstance();
    instances.push(instance);
    const env = instance.env;

    const before = await runCli(['doctor', '--json'], env);
    expect(before.code).toBe(1);
    const failed = JSON.parse(before.stdout).checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed.map((c: { name: string }) => c.name)).toContain(
      instance.databaseUrl ? 'migrations' : 'database',
    );

    // not migrated yet: admin verbs refuse and say what to do
    const early = await runCli(['admin', 'create-org', 'soc'], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/propolis migrate/);

    const migrated = await runCli(['migrate', '--json'], env);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ createdAdmin: true });
    expect(JSON.parse(migrated.stdout).applied.length).toBeGreaterThan(5);
    expect(JSON.parse((await runCli(['migrate', '--json'], env)).stdout)).toMatchObject({
      applied: [],
      createdAdmin: false,
    });

    const doctor = await runCli(['doctor', '--json'], env);
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout).checks.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['node', 'configuration', 'data directory', 'database', 'migrations']),
    );

    expect((await runCli(['admin', 'create-org', 'soc', '-d', 'SOC'], env)).code).toBe(0);
    const user = await runCli(
      ['admin', 'create-user', '-l', 'Ana@SOC.test', '-n', 'Ana', '-p', 'analyst', '-o', 'soc', '--json'],
      env,
    );
    expect(user.code).toBe(0);
    const created = JSON.parse(user.stdout);
    expect(created).toMatchObject({ login: 'ana@soc.test', organisation: 'soc', profile: 'analyst' });
    expect(created.generatedPassword).toMatch(/^\S{16,}$/);
    const again = await runCli(
      ['admin', 'create-user', '-l', 'ana@soc.test', '-n', 'A', '-p', 'analyst', '-o', 'soc'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const key = (await runCli(['admin', 'create-key', 'ana@soc.test'], env)).stdout.trim();
    expect(key).toMatch(/^\S{20,}$/);
    const reset = await runCli(
      ['admin', 'reset-password', 'ana@soc.test', '--password-stdin'],
      env,
      'chosen-password-1\n',
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).not.toContain('chosen-password-1');

    const served = await serve(instance);
    try {
      const me = await call<{ login: string; organisation: string }>(
        served.url,
        `Bearer ${key}`,
        'GET',
        '/api/v1/user/current',
      );
      expect(me).toMatchObject({ login: 'ana@soc.test', organisation: 'soc' });
      const basic = `Basic ${Buffer.from('ana@soc.test:chosen-password-1').toString('base64')}`;
      expect((await call<{ login: string }>(served.url, basic, 'GET', '/api/v1/user/current')).login).toBe(
        'ana@soc.test',
      );
    } finally {
      await served.stop();
    }
  }, 180_000);

  it('answers --help with 0, usage errors with 2 and failures with 1', async () => {
    const env = { ...process.env };
    const help = await runCli(['alert', 'send', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--json/);
    expect((await runCli(['no-such-command'], env)).code).toBe(2);
    expect((await runCli(['admin', 'create-user', '-l', 'x@y'], env)).code).toBe(2);
    const noKey = await runCli(
      ['alert', 'send', '--url', 'http://127.0.0.1:9'],
      { ...env, PROPOLIS_API_KEY: '' },
      '{}',
    );
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/API key/);
    const unreachable = await runCli(
      ['alert', 'send', '--url', 'http://127.0.0.1:9', '--key', 'k'],
      env,
      '{"title":"x"}',
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).not.toContain(' k ');
  }, 90_000);
});
