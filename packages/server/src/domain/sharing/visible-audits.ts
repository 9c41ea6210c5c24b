/**
 * Which audit rows a caller may receive in the live stream and the flow (docs/sharing.md): the
 * organisation's own rows, minus those about cases restricted to other users; and other
 * organisations' rows about a case shared with it now, when their object (the case, or a task,
 * log or observable of it) is one the share lets it see. Checked when the rows are handed out, so
 * that removing a share stops the events at once.
 */
import { parseId } from '@propolis/core';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import { findObservablesByIds } from '../../db/repositories/observables.js';
import { casesHiddenFrom, casesSharedWith } from '../../db/repositories/shares.js';
import { findLogsByIds } from '../../db/repositories/task-logs.js';
import { findTasksByIds } from '../../db/repositories/tasks.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';

const CHILD_FINDERS = {
  Task: findTasksByIds,
  Log: findLogsByIds,
  Observable: findObservablesByIds,
} as const;

const rootCase = (r: AuditRow): number | undefined => (r.root_id === null ? undefined : parseId(r.root_id));

export async function visibleAudits(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  rows: readonly AuditRow[],
): Promise<AuditRow[]> {
  const own = ctx.actor.organisationId;
  const scope = readScopeOf(ctx);
  let kept = rows.filter((r) => r.organisation_id === own || (scope.shared && rootCase(r) !== undefined));
  if (scope.restrictedFor !== undefined) {
    const hidden = await casesHiddenFrom(
      deps.db,
      scope.restrictedFor,
      kept.map(rootCase).filter((c): c is number => c !== undefined),
    );
    kept = kept.filter((r) => !hidden.has(rootCase(r) ?? -1));
  }
  const foreign = kept.filter((r) => r.organisation_id !== own);
  if (foreign.length === 0) return kept;
  const shared = await casesSharedWith(
    deps.db,
    own,
    foreign.map(rootCase).filter((c): c is number => c !== undefined),
  );
  const allowed = new Set<number>();
  const wanted = new Map<keyof typeof CHILD_FINDERS, Map<number, number[]>>();
  for (const r of foreign) {
    if (!shared.has(rootCase(r)!) || r.action === 'delete') continue;
    const objectId = parseId(r.object_id);
    if (objectId === undefined) continue;
    if (r.object_type === 'Case') {
      if (objectId === rootCase(r)) allowed.add(r.id);
    } else if (r.object_type in CHILD_FINDERS) {
      const kind = r.object_type as keyof typeof CHILD_FINDERS;
      const byObject = wanted.get(kind) ?? new Map<number, number[]>();
      byObject.set(objectId, [...(byObject.get(objectId) ?? []), r.id]);
      wanted.set(kind, byObject);
    }
  }
  for (const [kind, byObject] of wanted) {
    const found = await CHILD_FINDERS[kind](deps.db, scope, [...byObject.keys()]);
    for (const f of found) for (const id of byObject.get(f.id) ?? []) allowed.add(id);
  }
  return kept.filter((r) => r.organisation_id === own || allowed.has(r.id));
}
