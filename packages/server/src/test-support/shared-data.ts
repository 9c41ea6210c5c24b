/**
 * The shared test material beside the repository (MITRE's ATT&CK bundles): PROPOLIS_SHARED_DIR,
 * else <repo>/../shared, else /work/shared.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function sharedDataFile(relative: string): string {
  const candidates = [process.env.PROPOLIS_SHARED_DIR, path.resolve(repo, '../shared'), '/work/shared'];
  for (const c of candidates) if (c && existsSync(path.join(c, relative))) return path.join(c, relative);
  throw new Error(`The shared test material (${relative}) is missing: set PROPOLIS_SHARED_DIR`);
}

/** MITRE's ICS ATT&CK matrix, a STIX 2.1 bundle in the format users upload. */
export const icsAttackBundle = () => sharedDataFile('data/attack/ics-attack-18.1.json');
