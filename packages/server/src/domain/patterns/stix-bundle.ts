/**
 * Reading MITRE ATT&CK techniques out of a STIX 2.1 bundle (the enterprise, mobile and ICS
 * matrices all have this shape): `attack-pattern` objects with their ATT&CK id in an external
 * reference, tactics as kill-chain phases, sub-techniques tied to their parent by a
 * `subtechnique-of` relationship (or, failing that, by the id: `T1059.001` → `T1059`).
 */
import { badRequest } from '@propolis/core';

export interface StixPattern {
  patternId: string;
  stixId: string;
  name: string;
  description: string | null;
  tactics: string[];
  url: string;
  patternType: string;
  capecId: string | null;
  capecUrl: string | null;
  revoked: boolean;
  deprecated: boolean;
  dataSources: string[];
  defenseBypassed: string[];
  detection: string | null;
  permissionsRequired: string[];
  platforms: string[];
  remoteSupport: boolean;
  systemRequirements: string[];
  version: string;
  /** The parent technique's ATT&CK id, for a sub-technique. */
  parent: string | null;
  modified: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 1_048_576): string | null =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 512)) : [];

const ATTACK_SOURCES = new Set(['mitre-attack', 'mitre-ics-attack', 'mitre-mobile-attack']);
/** ATT&CK ids: techniques `T1234`, sub-techniques `T1234.001`. */
const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;

/** The techniques of a bundle, one per ATT&CK id (a live one wins over a revoked or deprecated one). */
export function readAttackBundle(bundle: unknown): StixPattern[] {
  if (!isObj(bundle) || bundle.type !== 'bundle' || !Array.isArray(bundle.objects))
    throw badRequest('the file is not a STIX 2.1 bundle: expected {"type": "bundle", "objects": [...]}');
  const parentOf = new Map<string, string>();
  for (const o of bundle.objects)
    if (isObj(o) && o.type === 'relationship' && o.relationship_type === 'subtechnique-of')
      if (typeof o.source_ref === 'string' && typeof o.target_ref === 'string')
        parentOf.set(o.source_ref, o.target_ref);
  const byStix = new Map<string, StixPattern>();
  for (const o of bundle.objects) {
    if (!isObj(o) || o.type !== 'attack-pattern' || typeof o.id !== 'string') continue;
    const refs = Array.isArray(o.external_references) ? o.external_references.filter(isObj) : [];
    const attack = refs.find(
      (r) => ATTACK_SOURCES.has(String(r.source_name)) && typeof r.external_id === 'string',
    );
    const patternId = attack ? String(attack.external_id) : null;
    if (!patternId || !ATTACK_ID.test(patternId)) continue;
    const capec = refs.find((r) => r.source_name === 'capec');
    const tactics = Array.isArray(o.kill_chain_phases)
      ? o.kill_chain_phases
          .filter(isObj)
          .filter((p) => typeof p.kill_chain_name === 'string' && p.kill_chain_name.startsWith('mitre-'))
          .map((p) => String(p.phase_name))
      : [];
    byStix.set(o.id, {
      patternId,
      stixId: o.id.slice(0, 128),
      name: str(o.name, 512) ?? patternId,
      description: str(o.description),
      tactics: [...new Set(tactics)],
      url: str(attack?.url, 1024) ?? `https://attack.mitre.org/techniques/${patternId.replace('.', '/')}`,
      patternType: 'attack-pattern',
      capecId: str(capec?.external_id, 64),
      capecUrl: str(capec?.url, 1024),
      revoked: o.revoked === true,
      deprecated: o.x_mitre_deprecated === true,
      dataSources: strings(o.x_mitre_data_sources),
      defenseBypassed: strings(o.x_mitre_defense_bypassed),
      detection: str(o.x_mitre_detection),
      permissionsRequired: strings(o.x_mitre_permissions_required),
      platforms: strings(o.x_mitre_platforms),
      remoteSupport: o.x_mitre_remote_support === true,
      systemRequirements: strings(o.x_mitre_system_requirements),
      version: str(o.x_mitre_version, 64) ?? '1.0',
      parent: null,
      modified: typeof o.modified === 'string' ? o.modified : '',
    });
  }
  for (const [stixId, p] of byStix) {
    const parentStix = parentOf.get(stixId);
    const parent = parentStix ? byStix.get(parentStix)?.patternId : undefined;
    p.parent = parent ?? (p.patternId.includes('.') ? p.patternId.split('.')[0]! : null);
  }
  const out = new Map<string, StixPattern>();
  const live = (p: StixPattern) => !p.revoked && !p.deprecated;
  for (const p of byStix.values()) {
    const had = out.get(p.patternId);
    if (!had || (live(p) && !live(had)) || (live(p) === live(had) && p.modified > had.modified))
      out.set(p.patternId, p);
  }
  return [...out.values()];
}

/** A tactic's label from its ATT&CK short name: `command-and-control` → `Command and Control`. */
export function tacticLabel(tactic: string): string {
  return tactic
    .split('-')
    .map((w, i) =>
      i > 0 && ['and', 'of', 'or', 'the'].includes(w) ? w : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(' ');
}

/** A tactic as a user may write it (`Defense Evasion`, `defense_evasion`) in ATT&CK's spelling. */
export const normaliseTactic = (tactic: string) =>
  tactic
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
