/**
 * A case of the acting organisation as a STIX 2.1 bundle (intel/stix-bundle.ts): the case and its
 * observables, read in the caller's scope.
 */
import { commentsOfCase } from '../../db/repositories/comments.js';
import { observablesOfCase } from '../../db/repositories/observables.js';
import { proceduresOfCase } from '../../db/repositories/procedures.js';
import { caseToStixBundle } from '../../intel/stix-bundle.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { stixObservableOf, tagsOf } from '../intel/stix-observable.js';
import { toProcedureViews } from '../procedures/procedure-view.js';
import { visibleCase } from './guards.js';

export async function caseStixBundle(deps: Deps, ctx: RequestContext, idOrNumber: string) {
  const kase = await visibleCase(deps.db, ctx, idOrNumber);
  const observables = await observablesOfCase(deps.db, scopeOf(ctx), kase.id);
  const procedures = await toProcedureViews(deps.db, await proceduresOfCase(deps.db, scopeOf(ctx), kase.id));
  const comments = await commentsOfCase(deps.db, scopeOf(ctx), kase.id);
  return caseToStixBundle(
    {
      id: kase.id,
      number: kase.number,
      title: kase.title,
      description: kase.description,
      severity: kase.severity,
      tlp: kase.tlp,
      tags: tagsOf(kase.tags),
      createdAt: kase.created_at,
      updatedAt: kase.updated_at,
      organisation: ctx.actor.organisationName,
    },
    observables.map(stixObservableOf),
    procedures.map((p) => ({
      patternId: p.pattern.pattern_id,
      name: p.pattern.name,
      url: p.pattern.url,
      tactic: p.row.tactic,
      description: p.row.description,
      occurDate: p.row.occur_date,
    })),
    comments.map((c) => ({
      id: c.id,
      message: c.message,
      author: c.created_by,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    })),
  );
}
