/**
 * Connection profiles of the remote commands: named servers (URL, API key, organisation) in a YAML
 * file, so that `propolis alert send --profile prod` needs no flags or variables.
 *
 *     # ~/.config/propolis/profiles.yaml (mode 600: it holds keys)
 *     default: prod
 *     profiles:
 *       prod:
 *         url: https://propolis.example
 *         apiKey: ...              # or apiKeyFile: /run/secrets/propolis-key
 *         organisation: soc
 *
 * The file: PROPOLIS_PROFILES, else $XDG_CONFIG_HOME/propolis/profiles.yaml, else
 * ~/.config/propolis/profiles.yaml. The profile: --profile, else PROPOLIS_PROFILE, else `default`.
 * Flags and variables win over the profile's values, field by field. A file that holds a key and
 * that other local users can read is refused (as ssh refuses such a private key).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { messageOf, UsageError } from './errors.js';

export interface Profile {
  url?: string;
  apiKey?: string;
  /** A file holding the key (its first line), instead of the key itself. */
  apiKeyFile?: string;
  organisation?: string;
}

interface ProfilesFile {
  default?: string;
  profiles?: Record<string, Profile>;
}

export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PROPOLIS_PROFILES) return env.PROPOLIS_PROFILES;
  const base = env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
  return path.join(base, 'propolis', 'profiles.yaml');
}

function readProfiles(file: string): ProfilesFile {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the profiles of ${file}: ${messageOf(error)}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`${file}: expected "profiles:" with one entry per server`);
  const data = parsed as ProfilesFile;
  if (data.profiles !== undefined && (typeof data.profiles !== 'object' || Array.isArray(data.profiles)))
    throw new UsageError(`${file}: "profiles" must map names to {url, apiKey, organisation}`);
  return data;
}

/**
 * The profile to use, or undefined when none is asked for and the file names no default (or there
 * is no file). A profile asked for by name that does not exist is a usage error.
 */
export function loadProfile(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Profile | undefined {
  const wanted = name ?? env.PROPOLIS_PROFILE;
  const file = profilesPath(env);
  if (!existsSync(file)) {
    if (wanted) throw new UsageError(`no profile "${wanted}": ${file} does not exist`);
    return undefined;
  }
  const data = readProfiles(file);
  const chosen = wanted ?? data.default;
  if (!chosen) return undefined;
  const profile = data.profiles?.[chosen];
  if (!profile || typeof profile !== 'object')
    throw new UsageError(
      `no profile "${chosen}" in ${file} (it has: ${Object.keys(data.profiles ?? {}).join(', ') || 'none'})`,
    );
  for (const key of ['url', 'apiKey', 'apiKeyFile', 'organisation'] as const)
    if (profile[key] !== undefined && typeof profile[key] !== 'string')
      throw new UsageError(`${file}: profile "${chosen}": ${key} must be a string`);
  if (profile.apiKey && process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new UsageError(
      `${file} holds an API key and other users can read it: chmod 600 ${file} (or use apiKeyFile)`,
    );
  const out: Profile = { url: profile.url, organisation: profile.organisation, apiKey: profile.apiKey };
  if (!out.apiKey && profile.apiKeyFile) {
    const keyFile = path.resolve(path.dirname(file), profile.apiKeyFile);
    try {
      out.apiKey = readFileSync(keyFile, 'utf8').split(/\r?\n/)[0]?.trim() || undefined;
    } catch (error) {
      throw new UsageError(`profile "${chosen}": cannot read apiKeyFile ${keyFile}: ${messageOf(error)}`);
    }
  }
  return out;
}

/** The profiles of the file, without their keys (for `propolis profile list` and completion). */
export function listProfiles(env: NodeJS.ProcessEnv = process.env): {
  file: string;
  default?: string;
  profiles: Array<{ name: string; url?: string; organisation?: string; hasKey: boolean }>;
} {
  const file = profilesPath(env);
  if (!existsSync(file)) return { file, profiles: [] };
  const data = readProfiles(file);
  return {
    file,
    default: data.default,
    profiles: Object.entries(data.profiles ?? {}).map(([name, p]) => ({
      name,
      url: typeof p?.url === 'string' ? p.url : undefined,
      organisation: typeof p?.organisation === 'string' ? p.organisation : undefined,
      hasKey: !!(p?.apiKey || p?.apiKeyFile),
    })),
  };
}
