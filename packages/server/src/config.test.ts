/**
 * Configuration: environment variables over a YAML file over defaults.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from './config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'propolis-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function yamlFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('loadConfig', () => {
  it('uses the defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      logLevel: 'info',
      bodyLimit: 10 * 1024 * 1024,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.adminPassword).toBeUndefined();
    expect(config.auth).toMatchObject({ basic: true, throttle: { maxFailuresPerAccount: 5 } });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.resolve(defaultConfig().dataDir));
  });

  it('reads PROPOLIS_PORT, PROPOLIS_HOST, PROPOLIS_DATA_DIR, DATABASE_URL and PROPOLIS_ADMIN_PASSWORD', () => {
    const config = loadConfig({
      PROPOLIS_PORT: '9100',
      PROPOLIS_HOST: '0.0.0.0',
      PROPOLIS_DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: 'postgres://user:pw@db.example:5432/propolis',
      PROPOLIS_ADMIN_PASSWORD: 'from-the-environment',
      PROPOLIS_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 9100,
      host: '0.0.0.0',
      dataDir: path.join(dir, 'data'),
      databaseUrl: 'postgres://user:pw@db.example:5432/propolis',
      adminPassword: 'from-the-environment',
      logLevel: 'debug',
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/p' }).databaseUrl).toBe(
      'postgresql://localhost/p',
    );
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PROPOLIS_PORT: '', DATABASE_URL: '', PROPOLIS_ADMIN_PASSWORD: '' });
    expect(config.port).toBe(9000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.adminPassword).toBeUndefined();
  });

  it('rejects an invalid DATABASE_URL and an invalid PROPOLIS_PORT', () => {
    for (const url of ['mysql://localhost/x', 'sqlite:///tmp/x.db', 'localhost:5432', 'not a url']) {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/DATABASE_URL/);
    }
    for (const port of ['abc', '-1', '70000', '80.5']) {
      expect(() => loadConfig({ PROPOLIS_PORT: port })).toThrow(/PROPOLIS_PORT/);
    }
  });

  it('reads a YAML file named by PROPOLIS_CONFIG, nested sections merged over the defaults', async () => {
    const file = await yamlFile(
      'propolis.yaml',
      [
        'port: 9200',
        'host: 10.0.0.1',
        'auth:',
        '  basic: false',
        '  throttle:',
        '    maxFailuresPerAccount: 3',
        'metrics:',
        '  enabled: false',
        '',
      ].join('\n'),
    );
    const config = loadConfig({ PROPOLIS_CONFIG: file });
    expect(config).toMatchObject({ port: 9200, host: '10.0.0.1', metrics: { enabled: false } });
    expect(config.auth).toMatchObject({
      basic: false,
      sessionTimeoutMinutes: 60,
      throttle: { maxFailuresPerAccount: 3, maxFailuresPerAddress: 20 },
    });
  });

  it('lets the environment override the file', async () => {
    const file = await yamlFile('override.yaml', 'port: 9300\nhost: 10.0.0.2\n');
    const config = loadConfig({ PROPOLIS_CONFIG: file, PROPOLIS_PORT: '9301' });
    expect(config.port).toBe(9301);
    expect(config.host).toBe('10.0.0.2');
  });

  it('checks the file: a mapping, valid DATABASE_URL, and values of the right type', async () => {
    expect(() => loadConfig({ PROPOLIS_CONFIG: path.join(dir, 'missing.yaml') })).toThrow();
    const list = await yamlFile('list.yaml', '- a\n- b\n');
    expect(() => loadConfig({ PROPOLIS_CONFIG: list })).toThrow(/mapping/);
    const badUrl = await yamlFile('bad-url.yaml', 'databaseUrl: mysql://x/y\n');
    expect(() => loadConfig({ PROPOLIS_CONFIG: badUrl })).toThrow(/DATABASE_URL/);
    const badPort = await yamlFile('bad-port.yaml', 'port: nine thousand\n');
    expect(() => loadConfig({ PROPOLIS_CONFIG: badPort })).toThrow(/port/);
    const badBool = await yamlFile('bad-bool.yaml', 'auth:\n  basic: maybe\n');
    expect(() => loadConfig({ PROPOLIS_CONFIG: badBool })).toThrow(/auth\.basic/);
    const badSection = await yamlFile('bad-section.yaml', 'auth: yes\n');
    expect(() => loadConfig({ PROPOLIS_CONFIG: badSection })).toThrow(/auth/);
  });

  it('checks the password hash cost', async () => {
    expect(loadConfig({}).auth.passwordHashCost).toBe(16384);
    for (const cost of [1000, 512, 4194304]) {
      expect(() => loadConfig({}, undefined, { auth: { passwordHashCost: cost } })).toThrow(
        /passwordHashCost/,
      );
    }
    const file = await yamlFile('cost.yaml', 'auth:\n  passwordHashCost: 32768\n');
    expect(loadConfig({ PROPOLIS_CONFIG: file }).auth.passwordHashCost).toBe(32768);
  });

  it('ignores prototype keys in the file', async () => {
    const file = await yamlFile('proto.yaml', '__proto__:\n  polluted: true\nport: 9400\n');
    const config = loadConfig({ PROPOLIS_CONFIG: file });
    expect(config.port).toBe(9400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((config as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('applies programmatic overrides last', () => {
    const config = loadConfig({ PROPOLIS_PORT: '9500' }, undefined, { port: 9501, auth: { basic: false } });
    expect(config.port).toBe(9501);
    expect(config.auth.basic).toBe(false);
    expect(config.auth.sessionTimeoutMinutes).toBe(60);
  });
});
