/**
 * `propolis admin create-user|reset-password|create-key|create-org`: administration on the
 * configured database directly (no running server needed; a running one may share the database),
 * through the server's domain commands, so that the same checks and audit rows apply as through the
 * API. They act as the system account of the admin organisation. Passwords are read from stdin
 * (`--password-stdin`) or generated and shown once; they are never taken from a flag, which `ps`
 * would show.
 */
import { randomBytes } from 'node:crypto';
import type { Operator } from '@propolis/server/operator';
import type { Command } from 'commander';
import { serverConfig, withConfigOption } from '../support/config.js';
import { UsageError } from '../support/errors.js';
import { operator } from '../support/lazy.js';
import { report } from '../support/output.js';

async function withOperator<T>(options: { config?: string }, fn: (op: Operator) => Promise<T>): Promise<T> {
  const op = await (await operator()).openOperator(
    await serverConfig(options),
    `cli-${randomBytes(6).toString('hex')}`,
  );
  try {
    return await fn(op);
  } finally {
    await op.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin: pipe the password on standard input');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/** The password to set: from stdin, or a generated one (returned so that it is shown once). */
async function chosenPassword(options: { passwordStdin?: boolean }) {
  if (options.passwordStdin) return { password: await readStdin(), generated: false };
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

type Common = { config?: string; json?: boolean };

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description('administer users, API keys and organisations on the configured database');

  withConfigOption(
    admin
      .command('create-user')
      .description('create a user in an organisation with a profile')
      .requiredOption('-l, --login <login>', 'login (e-mail like), e.g. ana@soc.example')
      .requiredOption('-n, --name <name>', 'display name')
      .requiredOption(
        '-p, --profile <profile>',
        'profile: admin, org-admin, analyst, read-only or a custom one',
      )
      .option('-o, --organisation <name>', 'organisation (default: admin)', 'admin')
      .option('--service', 'a service account (API key only, no password)')
      .option(
        '--password-stdin',
        'read the password from standard input (else one is generated and shown once)',
      )
      .option(
        '--no-password',
        'create the user without a password (log in with an API key or after a reset)',
      ),
  )
    .option('--json', 'print the result as JSON')
    .action(
      async (
        options: Common & {
          login: string;
          name: string;
          profile: string;
          organisation: string;
          service?: boolean;
          passwordStdin?: boolean;
          password?: boolean;
        },
      ) => {
        const chosen =
          options.password === false || options.service ? undefined : await chosenPassword(options);
        const user = await withOperator(options, async (op) =>
          (await operator()).createUser(op.deps, op.ctx, {
            login: options.login,
            name: options.name,
            profile: options.profile,
            organisation: options.organisation,
            type: options.service ? 'Service' : 'Normal',
            password: chosen?.password,
          }),
        );
        const generatedPassword = chosen?.generated ? chosen.password : undefined;
        const { organisation, profile } = options;
        report(
          options,
          { login: user.login, organisation, profile, generatedPassword },
          `Created ${user.login} (${profile} in ${organisation})${generatedPassword ? `\nGenerated password (shown once): ${generatedPassword}` : ''}`,
        );
      },
    );

  withConfigOption(
    admin
      .command('reset-password')
      .description("set a user's password (ends the user's sessions)")
      .argument('<login>', 'login of the user')
      .option(
        '--password-stdin',
        'read the new password from standard input (else one is generated and shown once)',
      ),
  )
    .option('--json', 'print the result as JSON')
    .action(async (login: string, options: Common & { passwordStdin?: boolean }) => {
      const chosen = await chosenPassword(options);
      await withOperator(options, async (op) =>
        (await operator()).setPassword(op.deps, op.ctx, login, chosen.password),
      );
      const generatedPassword = chosen.generated ? chosen.password : undefined;
      report(
        options,
        { login, generatedPassword },
        `Password of ${login} set${generatedPassword ? `\nGenerated password (shown once): ${generatedPassword}` : ''}`,
      );
    });

  withConfigOption(
    admin
      .command('create-key')
      .description("create (or replace) a user's API key and print it once")
      .argument('<login>', 'login of the user'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (login: string, options: Common) => {
      const key = await withOperator(options, async (op) =>
        (await operator()).renewApiKey(op.deps, op.ctx, login),
      );
      // The key is the command's product: printed on stdout only, never logged.
      report(options, { login, key }, key);
    });

  withConfigOption(
    admin
      .command('create-org')
      .description('create an organisation')
      .argument('<name>', 'organisation name')
      .option('-d, --description <text>', 'description', ''),
  )
    .option('--json', 'print the result as JSON')
    .action(async (name: string, options: Common & { description: string }) => {
      const org = await withOperator(options, async (op) =>
        (await operator()).createOrganisation(op.deps, op.ctx, { name, description: options.description }),
      );
      report(options, { name: org.name, description: org.description }, `Created organisation ${org.name}`);
    });
}
