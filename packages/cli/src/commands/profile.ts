/**
 * `propolis profile list`: the connection profiles of the profiles file (support/profiles.ts), with
 * their URL and organisation, never their keys. `--names` prints only the names (shell completion).
 */
import type { Command } from 'commander';
import { report } from '../support/output.js';
import { listProfiles } from '../support/profiles.js';

export function registerProfile(program: Command): void {
  const profile = program
    .command('profile')
    .description('connection profiles of the remote commands (--profile NAME)');
  profile
    .command('list')
    .description('list the profiles of the profiles file (keys are never shown)')
    .option('--names', 'print the names only, one a line')
    .option('--json', 'print the list as JSON')
    .action((options: { names?: boolean; json?: boolean }) => {
      const { file, default: fallback, profiles: found } = listProfiles();
      if (options.names) {
        if (found.length) process.stdout.write(`${found.map((p) => p.name).join('\n')}\n`);
        return;
      }
      const profiles = found.map((p) => ({ ...p, default: p.name === fallback }));
      report(options, { file, profiles }, () =>
        profiles.length
          ? [
              `Profiles of ${file}:`,
              ...profiles.map(
                (p) =>
                  `  ${p.default ? '*' : ' '} ${p.name.padEnd(16)} ${p.url ?? '(no url)'}${p.organisation ? ` as ${p.organisation}` : ''}${p.hasKey ? '' : ' (no key)'}`,
              ),
            ].join('\n')
          : `No profiles: ${file} does not exist or lists none.`,
      );
    });
}
