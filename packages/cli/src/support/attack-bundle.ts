/**
 * ATT&CK patterns as read from a TheHive (or Propolis) catalog (`listPattern`: `{patternId, name,
 * tactics, url, ...}`, reference thehive-api.md §1) turned back into a STIX 2.1 bundle, the form
 * `POST /api/v1/pattern/import/attack` takes: one `attack-pattern` per technique, its ATT&CK id in a
 * `mitre-attack` external reference, its tactics as kill-chain phases, its `x_mitre_*` details.
 * `migrate-from-thehive` copies the techniques the target lacks this way, so that copied TTPs
 * (procedures) find their pattern.
 */
import { randomUUID } from 'node:crypto';

type Json = Record<string, unknown>;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** One catalog pattern as a STIX attack-pattern object (undefined when it has no ATT&CK id). */
export function attackPattern(p: Json): Json | undefined {
  const patternId = text(p.patternId);
  if (!patternId) return undefined;
  const references: Json[] = [{ source_name: 'mitre-attack', external_id: patternId, url: text(p.url) }];
  const capecId = text(p.capecId);
  if (capecId) references.push({ source_name: 'capec', external_id: capecId, url: text(p.capecUrl) });
  return {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: `attack-pattern--${randomUUID()}`,
    name: text(p.name) ?? patternId,
    description: text(p.description),
    external_references: references,
    kill_chain_phases: strings(p.tactics).map((phase_name) => ({
      kill_chain_name: 'mitre-attack',
      phase_name,
    })),
    revoked: p.revoked === true,
    x_mitre_deprecated: p.deprecated === true,
    x_mitre_data_sources: strings(p.dataSources),
    x_mitre_defense_bypassed: strings(p.defenseBypassed),
    x_mitre_detection: text(p.detection),
    x_mitre_permissions_required: strings(p.permissionsRequired),
    x_mitre_platforms: strings(p.platforms),
    x_mitre_remote_support: p.remoteSupport === true,
    x_mitre_system_requirements: strings(p.systemRequirements),
    x_mitre_version: text(p.version),
    x_mitre_is_subtechnique: patternId.includes('.'),
  };
}

/** A STIX bundle of these patterns (sub-techniques find their parent by id on import). */
export function attackBundle(patterns: readonly Json[]): { type: 'bundle'; id: string; objects: Json[] } {
  return {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects: patterns.map(attackPattern).filter((o): o is Json => o !== undefined),
  };
}
