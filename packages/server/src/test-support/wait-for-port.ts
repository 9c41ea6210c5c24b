/**
 * Waits until a child process (a test's Dovecot, slapd...) accepts TCP connections on 127.0.0.1 at
 * its port; fails at once when it exits, or after `ms`, saying which and what its log holds.
 */
import type { ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function waitForPort(
  name: string,
  port: number,
  child: ChildProcess,
  log: () => string = () => '',
  ms = 10_000,
): Promise<void> {
  const until = Date.now() + ms;
  const detail = () => (log() ? `: ${log()}` : '');
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}${detail()}`);
    if (await accepts(port)) return;
    if (Date.now() > until) throw new Error(`${name} did not listen in time${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
