#!/usr/bin/env node
/**
 * A stand-in for the `docker` CLI in tests (docker cannot run on the test machines): it records
 * every invocation's arguments, one JSON array a line, in $FAKE_DOCKER_LOG, and plays the part of
 * the daemon for what the docker runner asks:
 * - `run [--option=value...] <image>`: runs the program $FAKE_DOCKER_IMAGES (a JSON file) maps the
 *   image to, with the host folder mounted at /job as its argument (the container's /job), the
 *   `--env` variables (values under /job rewritten to the host folder) and a plain PATH, in its own
 *   process group — as a container outlives its CLI, killing this process does not stop it; an
 *   unknown image fails as docker does (exit 125);
 * - `kill <name>`: kills the program of that container (found in $FAKE_DOCKER_STATE).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
appendFileSync(process.env.FAKE_DOCKER_LOG, `${JSON.stringify(argv)}\n`);
const state = process.env.FAKE_DOCKER_STATE;
const [verb, ...rest] = argv;

if (verb === 'kill') {
  const pidFile = path.join(state, `${rest[rest.length - 1]}.pid`);
  if (existsSync(pidFile)) {
    try {
      process.kill(-Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(0);
} else if (verb === 'run') {
  const options = [];
  let i = 0;
  while (i < rest.length && rest[i].startsWith('-')) options.push(rest[i++]);
  const image = rest[i];
  const values = (name) =>
    options.filter((o) => o.startsWith(`--${name}=`)).map((o) => o.slice(name.length + 3));
  const name = values('name')[0];
  const [volume] = values('volume');
  const host = volume.slice(0, volume.indexOf(':/job'));
  const env = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };
  for (const e of values('env')) {
    const k = e.slice(0, e.indexOf('='));
    const v = e.slice(e.indexOf('=') + 1);
    env[k] = v.startsWith('/job/') ? path.join(host, v.slice(5)) : v;
  }
  const images = JSON.parse(readFileSync(process.env.FAKE_DOCKER_IMAGES, 'utf8'));
  const program = images[image];
  if (!program) {
    process.stderr.write(
      `Unable to find image '${image}' locally\ndocker: Error response from daemon: pull access denied for ${image}, repository does not exist.\n`,
    );
    process.exit(125);
  }
  const child = spawn(program, [host], {
    cwd: path.dirname(path.dirname(program)),
    env,
    stdio: 'inherit',
    detached: true,
  });
  const pidFile = path.join(state, `${name}.pid`);
  writeFileSync(pidFile, String(child.pid));
  child.on('exit', (code) => {
    rmSync(pidFile, { force: true });
    process.exit(code ?? 137);
  });
} else {
  process.stderr.write(`fake docker: ${verb} is not played\n`);
  process.exit(1);
}
