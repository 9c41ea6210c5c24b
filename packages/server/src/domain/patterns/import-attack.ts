/**
 * `POST /pattern/import/attack`: the ATT&CK catalog from a STIX 2.1 bundle, in one transaction.
 * Idempotent: a technique already there (same ATT&CK id) is updated only when it changed, so a
 * second import of the same bundle changes nothing; revoked and deprecated techniques are kept
 * and marked (procedures may still point at them). Platform administrators only (`managePattern`).
 */
import { formatId } from '@propolis/core';
import type { PatternTable } from '../../db/collaboration-schema.js';
import {
  insertPattern,
  type PatternRow,
  patternsByPatternId,
  updatePattern,
} from '../../db/repositories/patterns.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { readAttackBundle, type StixPattern } from './stix-bundle.js';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  total: number;
}

type Values = Omit<
  PatternTable,
  'id' | 'parent_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'
>;

function valuesOf(p: StixPattern): Values {
  return {
    pattern_id: p.patternId,
    stix_id: p.stixId,
    name: p.name,
    description: p.description,
    tactics: JSON.stringify(p.tactics),
    url: p.url,
    pattern_type: p.patternType,
    capec_id: p.capecId,
    capec_url: p.capecUrl,
    revoked: p.revoked ? 1 : 0,
    deprecated: p.deprecated ? 1 : 0,
    data_sources: JSON.stringify(p.dataSources),
    defense_bypassed: JSON.stringify(p.defenseBypassed),
    detection: p.detection,
    permissions_required: JSON.stringify(p.permissionsRequired),
    platforms: JSON.stringify(p.platforms),
    remote_support: p.remoteSupport ? 1 : 0,
    system_requirements: JSON.stringify(p.systemRequirements),
    version: p.version,
  };
}

const differs = (row: PatternRow, values: Values) =>
  (Object.keys(values) as Array<keyof Values>).some((k) => row[k] !== values[k]);

export async function importAttack(deps: Deps, ctx: RequestContext, bundle: unknown): Promise<ImportResult> {
  requirePermission(ctx, 'managePattern');
  const patterns = readAttackBundle(bundle);
  const now = Date.now();
  return inTransaction(deps, async (trx) => {
    const existing = await patternsByPatternId(trx);
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0, total: patterns.length };
    const ids = new Map<string, PatternRow>(existing);
    const touched = new Set<string>();
    for (const p of patterns) {
      const values = valuesOf(p);
      const row = existing.get(p.patternId);
      if (!row) {
        const created = await insertPattern(trx, {
          ...values,
          parent_id: null,
          ...createdNow(ctx, now),
        });
        ids.set(p.patternId, created);
        touched.add(p.patternId);
        result.created += 1;
      } else if (differs(row, values)) {
        await updatePattern(trx, row.id, { ...values, updated_at: now, updated_by: ctx.actor.login });
        touched.add(p.patternId);
        result.updated += 1;
      } else result.unchanged += 1;
    }
    // parents once every technique has its row
    for (const p of patterns) {
      const row = ids.get(p.patternId)!;
      const parentId = p.parent ? (ids.get(p.parent)?.id ?? null) : null;
      if (row.parent_id !== parentId) {
        await updatePattern(trx, row.id, { parent_id: parentId });
        if (!touched.has(p.patternId) && existing.has(p.patternId)) {
          result.updated += 1;
          result.unchanged -= 1;
        }
      }
    }
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Pattern',
        objectId: formatId(0),
        details: { import: 'attack', created: result.created, updated: result.updated, total: result.total },
      },
    ]);
    return result;
  });
}
