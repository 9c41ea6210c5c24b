/**
 * ATT&CK patterns on the wire (TheHive's OutputPattern); `parent` is the parent technique's
 * ATT&CK id on a sub-technique.
 */
import { type ExtraData, formatId, type PatternOutput } from '@propolis/core';
import type { PatternRow } from '../../db/repositories/patterns.js';
import type { PatternView } from '../../domain/patterns/read-patterns.js';
import { auditedRow, metaV1, optional } from './meta.js';

const list = (json: string) => JSON.parse(json) as string[];

export function patternRowV1(row: PatternRow, parent?: PatternRow, extraData: ExtraData = {}): PatternOutput {
  const out: PatternOutput = {
    ...metaV1(formatId(row.id), 'Pattern', auditedRow(row)),
    patternId: row.pattern_id,
    name: row.name,
    tactics: list(row.tactics),
    url: row.url,
    patternType: row.pattern_type,
    revoked: row.revoked === 1,
    deprecated: row.deprecated === 1,
    dataSources: list(row.data_sources),
    defenseBypassed: list(row.defense_bypassed),
    permissionsRequired: list(row.permissions_required),
    platforms: list(row.platforms),
    remoteSupport: row.remote_support === 1,
    systemRequirements: list(row.system_requirements),
    version: row.version,
    extraData,
  };
  optional(out, 'description', row.description);
  optional(out, 'capecId', row.capec_id);
  optional(out, 'capecUrl', row.capec_url);
  optional(out, 'detection', row.detection);
  if (parent) out.parent = parent.pattern_id;
  return out;
}

export const patternV1 = (view: PatternView) => patternRowV1(view.row, view.parent);
