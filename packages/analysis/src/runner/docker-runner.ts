/**
 * The docker runner: Cortex's other way of running a worker, its published image. The job folder is
 * made as for the process runner and bind-mounted at `/job` (read-write); the image's entrypoint
 * runs without argument (cortexutils reads `/job` by default); `REQUESTS_CA_BUNDLE` points at
 * `/job/input/cacerts` when CA certificates are configured; the report is read back from the folder.
 *
 * The container is started with the `docker` CLI (`docker run --rm`), named after the job so that a
 * timeout, an output flood or a stopped job can `docker kill` it; it runs as this process's user
 * (the files it writes stay ours), without capabilities or privilege escalation, with the memory,
 * CPU and process limits configured, on the configured network. The CLI itself gets this process's
 * environment (DOCKER_HOST and the like); the worker gets only the configured variables.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { WorkerDefinition } from '../definitions/definition.js';
import { type ProcessLimits, prepareJobFolder, readJobOutput, supervise } from './process-runner.js';
import type { InputFile, WorkerInput, WorkerResult } from './worker-io.js';

export interface DockerSettings {
  command: string;
  network: string;
  user: string;
  cpus: number;
  args: string[];
}

/** The arguments of `docker run` for a job (every option as `--name=value`, then the image). */
export function dockerRunArgs(
  image: string,
  dir: string,
  container: string,
  limits: Pick<ProcessLimits, 'maxMemoryMb' | 'env'>,
  docker: DockerSettings,
): string[] {
  const user =
    docker.user || (process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : '');
  const args = [
    'run',
    '--rm',
    `--name=${container}`,
    `--volume=${dir}:/job:rw`,
    '--workdir=/job',
    '--cap-drop=ALL',
    '--security-opt=no-new-privileges',
    '--pids-limit=512',
  ];
  if (user) args.push(`--user=${user}`);
  if (docker.network) args.push(`--network=${docker.network}`);
  if (limits.maxMemoryMb > 0)
    args.push(
      `--memory=${Math.floor(limits.maxMemoryMb)}m`,
      `--memory-swap=${Math.floor(limits.maxMemoryMb)}m`,
    );
  if (docker.cpus > 0) args.push(`--cpus=${docker.cpus}`);
  for (const [k, v] of Object.entries(limits.env)) args.push(`--env=${k}=${v}`);
  if (existsSync(path.join(dir, 'input', 'cacerts')))
    args.push('--env=REQUESTS_CA_BUNDLE=/job/input/cacerts');
  args.push(...docker.args, image);
  return args;
}

/** Whether the docker CLI is there (a path, or a name found in PATH); the daemon is not asked. */
export function dockerCliFound(command: string, pathVariable = process.env.PATH ?? ''): boolean {
  const candidates = command.includes('/')
    ? [command]
    : pathVariable
        .split(':')
        .filter((d) => d !== '')
        .map((d) => path.join(d, command));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Asks the daemon to stop the container (the CLI being killed does not stop it). */
function killContainer(docker: DockerSettings, container: string): void {
  const child = spawn(docker.command, ['kill', container], { stdio: 'ignore', detached: false });
  child.on('error', () => {
    // no CLI: the run itself reported it
  });
}

export async function runDockerJob(
  definition: WorkerDefinition,
  jobId: number | string,
  input: WorkerInput,
  file: InputFile | undefined,
  limits: ProcessLimits,
  docker: DockerSettings,
  signal?: AbortSignal,
): Promise<WorkerResult> {
  if (!definition.dockerImage)
    return { success: false, errorMessage: `${definition.id} names no dockerImage to run` };
  const dir = await prepareJobFolder(limits.jobDirectory, jobId, input, file);
  const container = `propolis-job-${jobId}-${randomBytes(4).toString('hex')}`;
  try {
    const outcome = await supervise(
      {
        file: docker.command,
        args: dockerRunArgs(definition.dockerImage, dir, container, limits, docker),
        cwd: dir,
        env: process.env,
        onKill: () => killContainer(docker, container),
      },
      dir,
      limits,
      signal,
    );
    if (/\bspawn\b.*\bENOENT\b/.test(outcome.log) && !outcome.killed)
      return {
        success: false,
        errorMessage: `The docker CLI (${docker.command}) was not found: the docker runner needs it on this node`,
      };
    return await readJobOutput(dir, outcome, limits);
  } finally {
    if (!limits.keepJobFolder) await rm(dir, { recursive: true, force: true });
  }
}
