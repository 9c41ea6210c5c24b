/**
 * `--help` on every command of the built `propolis`: the commands are read from the help itself
 * (each "Commands:" section, recursively), so a command added later is checked too. Each answers
 * its usage on stdout with exit code 0, and the completion script knows it.
 */
import { describe, expect, it } from 'vitest';
import { haveCli, runCli } from './test-support/cli.js';

/** The sub-command names a help text lists (without commander's own `help`). */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:\s*$/m)[1];
  if (!section) return [];
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name): name is string => !!name && name !== 'help');
}

describe.skipIf(!haveCli())('propolis --help', () => {
  it('answers --help with its usage and exit code 0 on every command', async () => {
    const env = { ...process.env, PROPOLIS_NO_PROGRESS: '1' };
    const seen: string[] = [];
    let level: string[][] = [[]];
    while (level.length) {
      const next: string[][] = [];
      const runs = await Promise.all(level.map((path) => runCli([...path, '--help'], env)));
      runs.forEach((run, i) => {
        const path = level[i]!;
        expect({ path, code: run.code, stderr: run.stderr }).toEqual({ path, code: 0, stderr: '' });
        expect(run.stdout).toContain(`Usage: propolis${path.length ? ` ${path.join(' ')}` : ''}`);
        expect(run.stdout).toContain('-h, --help');
        seen.push(path.join(' '));
        for (const sub of commandsOf(run.stdout)) next.push([...path, sub]);
      });
      level = next;
    }
    // the commands of issue 17, and their sub-commands
    for (const command of [
      'serve',
      'migrate',
      'admin create-user',
      'admin reset-password',
      'admin create-key',
      'admin create-org',
      'alert send',
      'export case',
      'export alert',
      'import',
      'backup',
      'restore',
      'doctor',
      'migrate-from-thehive',
      'db copy',
      'profile list',
      'completion',
    ])
      expect(seen).toContain(command);
    const completion = await runCli(['completion', 'bash'], env);
    for (const path of seen.filter(Boolean)) expect(completion.stdout).toContain(`'${path}')`);
  }, 180_000);
});
