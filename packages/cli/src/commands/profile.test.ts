/**
 * Connection profiles and shell completion, with the built command: `alert send` takes its server,
 * key and organisation from the profiles file's default profile, flags and variables win over it,
 * a file that holds a key and others can read is refused, `profile list` never shows keys; the bash
 * completion script completes sub-commands, options and profile names in a real bash.
 */
import { spawnSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CLI,
  call,
  haveCli,
  type Instance,
  newInstance,
  runCli,
  type Served,
  serve,
  socAnalyst,
} from '../test-support/cli.js';

const alert = (ref: string) =>
  JSON.stringify({ type: 'siem', source: 'profile-test', sourceRef: ref, title: ref, description: 'd' });

describe.skipIf(!haveCli())('propolis connection profiles and completion', () => {
  let instance: Instance;
  let served: Served | undefined;
  afterAll(async () => {
    await served?.stop();
    await instance?.drop();
  });

  it('sends alerts with the default profile, and refuses unknown profiles and readable key files', async () => {
    instance = await newInstance();
    served = await serve(instance);
    const key = (await socAnalyst(served)).slice('Bearer '.length);
    const file = instance.env.PROPOLIS_PROFILES!;
    await writeFile(
      file,
      [
        'default: lab',
        'profiles:',
        '  lab:',
        `    url: ${served.url}`,
        `    apiKey: ${key}`,
        '    organisation: soc',
        '  broken:',
        '    url: http://127.0.0.1:9',
        '    apiKeyFile: missing-key.txt',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const env = instance.env;

    const sent = await runCli(['alert', 'send', '--json'], env, alert('p-1'));
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ created: 1 });
    const [created] = await call<Array<{ sourceRef: string }>>(
      served.url,
      `Bearer ${key}`,
      'POST',
      '/api/v1/query',
      {
        query: [
          { _name: 'listAlert' },
          { _name: 'filter', _eq: { _field: 'source', _value: 'profile-test' } },
        ],
      },
      'soc',
    );
    expect(created?.sourceRef).toBe('p-1');

    // a flag wins over the profile: a wrong key given on the command line is used, and refused
    const flagged = await runCli(['alert', 'send', '--key', 'not-a-key'], env, alert('p-2'));
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toContain('1 alert(s) could not be created');

    const unknown = await runCli(['alert', 'send', '--profile', 'nope'], env, alert('p-3'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no profile "nope"');
    expect(unknown.stderr).toContain('lab, broken');
    const missingKeyFile = await runCli(['alert', 'send', '--profile', 'broken'], env, alert('p-4'));
    expect(missingKeyFile.code).toBe(2);
    expect(missingKeyFile.stderr).toContain('cannot read apiKeyFile');

    const listed = await runCli(['profile', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(key);
    expect(JSON.parse(listed.stdout).profiles).toEqual([
      { name: 'lab', default: true, url: served.url, organisation: 'soc', hasKey: true },
      { name: 'broken', default: false, url: 'http://127.0.0.1:9', hasKey: true },
    ]);
    const names = await runCli(['profile', 'list', '--names'], env);
    expect(names.stdout).toBe('lab\nbroken\n');

    await chmod(file, 0o644);
    const exposed = await runCli(['alert', 'send'], env, alert('p-5'));
    expect(exposed.code).toBe(2);
    expect(exposed.stderr).toContain(`chmod 600 ${file}`);
  }, 120_000);

  it('prints completion scripts; the bash one completes commands, options and profiles', async () => {
    const script = await runCli(['completion', 'bash'], instance.env);
    expect(script.code).toBe(0);
    const file = path.join(instance.dataDir, 'propolis.bash');
    await writeFile(file, script.stdout);
    await writeFile(instance.env.PROPOLIS_PROFILES!, 'profiles:\n  lab: {url: "http://x"}\n  prod: {}\n', {
      mode: 0o600,
    });
    const complete = (...words: string[]) => {
      const bin = path.join(instance.dataDir, 'bin');
      const run = spawnSync(
        'bash',
        [
          '-c',
          `mkdir -p ${bin}; printf '#!/bin/sh\\nexec "${process.execPath}" "${CLI}" "$@"\\n' > ${bin}/propolis; chmod +x ${bin}/propolis
           PATH=${bin}:$PATH; source ${file}
           COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
           _propolis; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env: instance.env, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      return run.stdout.split('\n').filter(Boolean).sort();
    };
    expect(complete('propolis', 'admin', 'create-')).toEqual(['create-key', 'create-org', 'create-user']);
    expect(complete('propolis', 'alert', 'send', '--con')).toEqual(['--concurrency']);
    expect(complete('propolis', 'migrate-from-thehive', '--target-p')).toEqual(['--target-profile']);
    expect(complete('propolis', 'export', 'case', '--profile', '')).toEqual(['lab', 'prod']);
    expect(complete('propolis', 'd')).toEqual(['db', 'doctor']);

    for (const shell of ['zsh', 'fish']) {
      const other = await runCli(['completion', shell], instance.env);
      expect(other.code).toBe(0);
      expect(other.stdout).toContain('create-user');
    }
    const wrong = await runCli(['completion', 'tcsh'], instance.env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('bash, zsh or fish');
  }, 60_000);
});
