/**
 * The entity registry of the query engine.
 *
 * To add an entity (see entities/alert.ts, added in one file this way):
 *  1. write `query/entities/<name>.ts` exporting an `EntityDef` (table, scope, field map for v1
 *     and v0 names, parents, default sort) — see entities/case.ts for a complete example;
 *  2. add it to `ENTITIES` below;
 *  3. add its row renderers to `api/query/render.ts` (v1 and v0 presenters).
 * `list<Name>`/`get<Name>` in `/api/v1/query`, `/api/<v0 path>/_search` and `_stats`, filters,
 * sorts, aggregations and `_parent`/`_child` links then work for it.
 */
import { PropolisError } from '@propolis/core';
import { alertEntity } from './entities/alert.js';
import { attachmentEntity } from './entities/attachment.js';
import { auditEntity } from './entities/audit.js';
import { caseEntity } from './entities/case.js';
import {
  commentEntity,
  pageEntity,
  pageTemplateEntity,
  patternEntity,
  procedureEntity,
  tagEntity,
  taxonomyEntity,
} from './entities/collaboration.js';
import { caseTemplateEntity, customFieldEntity, observableTypeEntity } from './entities/definitions.js';
import { logEntity } from './entities/log.js';
import { observableEntity } from './entities/observable.js';
import { taskEntity } from './entities/task.js';
import type { EntityDef } from './types.js';

const ENTITIES: EntityDef[] = [
  caseEntity,
  taskEntity,
  logEntity,
  observableEntity,
  caseTemplateEntity,
  customFieldEntity,
  observableTypeEntity,
  alertEntity,
  auditEntity,
  attachmentEntity,
  commentEntity,
  pageEntity,
  pageTemplateEntity,
  procedureEntity,
  patternEntity,
  taxonomyEntity,
  tagEntity,
];

const byName = new Map<string, EntityDef>();
const byV0Type = new Map<string, EntityDef>();

/** Adds an entity to the registry (used by ENTITIES above; exported for entities that live elsewhere). */
export function registerEntity(def: EntityDef): void {
  byName.set(def.name, def);
  for (const t of def.v0Types) byV0Type.set(t, def);
}
for (const def of ENTITIES) registerEntity(def);

export function entityNames(): string[] {
  return [...byName.keys()];
}

export function findEntity(name: string): EntityDef | undefined {
  return byName.get(name);
}

export function entity(name: string): EntityDef {
  const def = byName.get(name);
  if (!def)
    throw new PropolisError('BadRequest', `unknown entity "${name}"; known: ${entityNames().join(', ')}`);
  return def;
}

/** By v0 model / `_type` name (`case_task`, `case_artifact`...). */
export function entityOfV0Type(type: string): EntityDef | undefined {
  return byV0Type.get(type);
}

export function v0TypeNames(): string[] {
  return [...byV0Type.keys()];
}

/** Entities that have `def` as parent, with the linking column (`task.case_id` for case). */
export function childrenOf(def: EntityDef): Array<{ child: EntityDef; column: string; types: string[] }> {
  const out: Array<{ child: EntityDef; column: string; types: string[] }> = [];
  for (const child of byName.values()) {
    for (const link of Object.values(child.parents ?? {})) {
      if (link.entity === def.name && !out.some((o) => o.child === child)) {
        out.push({ child, column: link.column, types: child.v0Types });
      }
    }
  }
  return out;
}
