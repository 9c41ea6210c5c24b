/**
 * The process runner: Cortex 3+'s job-folder protocol. A folder `cortex-job-<id>-<random>` with
 * input/input.json (and input/attachment<random> for a file, input/cacerts when configured), the
 * program run as `<command> <folder>` in the definitions root, then output/output.json read back.
 *
 * Workers are untrusted: the process gets only the environment it needs (PATH, LANG, HOME and TMPDIR
 * inside the job folder, the configured variables), runs in its own process group, is killed with
 * the whole group on timeout or when it writes more than the output limit (stdout+stderr or the
 * output folder), and is capped in virtual memory (ulimit -v).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkerDefinition } from '../definitions/definition.js';
import { type InputFile, interpretOutput, type WorkerInput, type WorkerResult } from './worker-io.js';

export interface ProcessLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  maxMemoryMb: number;
  env: Record<string, string>;
  path: string;
  jobDirectory: string;
  keepJobFolder: boolean;
}

/** Kept of stdout+stderr for the error message of a worker that wrote no report. */
const LOG_TAIL = 8192;

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderSize(p);
    else total += (await stat(p).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

export async function prepareJobFolder(
  jobDirectory: string,
  jobId: number | string,
  input: WorkerInput,
  file: InputFile | undefined,
): Promise<string> {
  await mkdir(jobDirectory, { recursive: true });
  const dir = await mkdtemp(path.join(jobDirectory, `cortex-job-${jobId}-`));
  await mkdir(path.join(dir, 'input'));
  await mkdir(path.join(dir, 'output'));
  await mkdir(path.join(dir, 'tmp'));
  const json: Record<string, unknown> = { ...input };
  if (file) {
    const name = `attachment${randomBytes(8).toString('hex')}`;
    await writeFile(path.join(dir, 'input', name), file.bytes, { mode: 0o600 });
    delete json.data;
    json.file = name;
    json.filename = file.filename;
    json.contentType = file.contentType;
  }
  const cacerts = input.config.cacerts;
  if (typeof cacerts === 'string' && cacerts.trim() !== '')
    await writeFile(path.join(dir, 'input', 'cacerts'), cacerts);
  await writeFile(path.join(dir, 'input', 'input.json'), JSON.stringify(json));
  return dir;
}

export interface ProcessOutcome {
  log: string;
  killed?: 'timeout' | 'output' | 'aborted';
}

/** A program to run for a job and how to stop it (the docker runner also stops its container). */
export interface Launch {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called once when the job is killed, before the program's process group is. */
  onKill?: () => void;
}

/**
 * Runs the program, keeping the tail of its stdout+stderr, and kills its process group on timeout,
 * when it (or the job's output folder) grows beyond the output limit, or when the job is stopped.
 */
export function supervise(
  launch: Launch,
  dir: string,
  limits: Pick<ProcessLimits, 'timeoutMs' | 'maxOutputBytes'>,
  signal?: AbortSignal,
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    let log = '';
    let written = 0;
    let killed: ProcessOutcome['killed'];
    const child = spawn(launch.file, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kill = (why: NonNullable<ProcessOutcome['killed']>) => {
      if (killed) return;
      killed = why;
      launch.onKill?.();
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const collect = (chunk: Buffer) => {
      written += chunk.length;
      log = (log + chunk.toString('utf8')).slice(-LOG_TAIL);
      if (written > limits.maxOutputBytes) kill('output');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
    const watcher = setInterval(() => {
      void folderSize(path.join(dir, 'output')).then((size) => {
        if (size > limits.maxOutputBytes) kill('output');
      });
    }, 500);
    const onAbort = () => kill('aborted');
    signal?.addEventListener('abort', onAbort);
    let finished = false;
    const finish = (extra?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(watcher);
      signal?.removeEventListener('abort', onAbort);
      resolve({ log: extra ? `${log}${extra}` : log, killed });
    };
    child.on('error', (error) => finish(`\n${error.message}`));
    child.on('close', () => {
      // the group may still hold children that inherited nothing to wait on: kill what remains
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      finish();
    });
  });
}

function processLaunch(definition: WorkerDefinition, dir: string, limits: ProcessLimits): Launch {
  const env: Record<string, string> = {
    PATH: limits.path,
    LANG: 'C.UTF-8',
    HOME: path.join(dir, 'tmp'),
    TMPDIR: path.join(dir, 'tmp'),
    ...limits.env,
  };
  const cacerts = path.join(dir, 'input', 'cacerts');
  // `ulimit -v` in a shell that then becomes the program: no wrapper process stays behind.
  const memory =
    limits.maxMemoryMb > 0 ? `ulimit -v ${Math.floor(limits.maxMemoryMb * 1024)} 2>/dev/null; ` : '';
  return {
    file: '/bin/sh',
    args: ['-c', `${memory}exec "$0" "$@"`, definition.command!, dir],
    cwd: definition.root!,
    env: existsSync(cacerts) ? { ...env, REQUESTS_CA_BUNDLE: cacerts } : env,
  };
}

/** The job's result from its folder once the program ended (or was killed). */
export async function readJobOutput(
  dir: string,
  outcome: ProcessOutcome,
  limits: Pick<ProcessLimits, 'timeoutMs' | 'maxOutputBytes'>,
): Promise<WorkerResult> {
  if (outcome.killed === 'timeout')
    return {
      success: false,
      errorMessage: `Timeout: the worker ran longer than ${Math.round(limits.timeoutMs / 1000)} s and was killed`,
    };
  if (outcome.killed === 'output')
    return {
      success: false,
      errorMessage: `The worker wrote more than ${limits.maxOutputBytes} bytes and was killed`,
    };
  if (outcome.killed === 'aborted') return { success: false, errorMessage: 'The job was stopped' };
  const outputFile = path.join(dir, 'output', 'output.json');
  const size = (await stat(outputFile).catch(() => undefined))?.size ?? 0;
  if (size > limits.maxOutputBytes)
    return { success: false, errorMessage: `output.json is larger than ${limits.maxOutputBytes} bytes` };
  const text = size > 0 ? await readFile(outputFile, 'utf8') : '';
  if (text.trim() === '')
    return { success: false, errorMessage: outcome.log.trim() || 'The worker wrote no output' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      success: false,
      errorMessage:
        `Invalid output: output.json is not JSON (${(error as Error).message})\n${outcome.log}`.trim(),
    };
  }
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(path.join(dir, 'output'), { withFileTypes: true }))
    if (entry.isFile() && entry.name !== 'output.json')
      files.set(entry.name, await readFile(path.join(dir, 'output', entry.name)));
  return interpretOutput(raw, (name) => files.get(name));
}

export async function runProcessJob(
  definition: WorkerDefinition,
  jobId: number | string,
  input: WorkerInput,
  file: InputFile | undefined,
  limits: ProcessLimits,
  signal?: AbortSignal,
): Promise<WorkerResult> {
  const dir = await prepareJobFolder(limits.jobDirectory, jobId, input, file);
  try {
    const outcome = await supervise(processLaunch(definition, dir, limits), dir, limits, signal);
    return await readJobOutput(dir, outcome, limits);
  } finally {
    if (!limits.keepJobFolder) await rm(dir, { recursive: true, force: true });
  }
}
