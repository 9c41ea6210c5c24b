/**
 * A throwaway Dovecot IMAP server for tests (Debian's dovecot-imapd): its own configuration in a
 * temporary folder, one passwd-file user with a Maildir, plain login on 127.0.0.1 at a free port,
 * run in the foreground and stopped by its process id. `dovecotAvailable` tells whether it is installed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { waitForPort } from './wait-for-port.js';

const BINARY = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));
export const dovecotAvailable = BINARY !== undefined && process.getuid?.() === 0;

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

export async function startDovecot(): Promise<Dovecot> {
  if (!BINARY) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = mkdtempSync(path.join(tmpdir(), 'propolis-dovecot-'));
  // The mail processes run as nobody: they must be able to walk to the Maildir.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'soc@example.test';
  const password = 'imap-secret-1';
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub));
  writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const maildir = path.join(dir, 'mail', user, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
  execFileSync('chown', ['-R', 'nobody:nogroup', path.join(dir, 'mail')]);
  const child = spawn(BINARY, ['-F', '-c', conf], { stdio: 'ignore' });
  try {
    await waitForPort('dovecot', port, child);
  } catch (error) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
