/**
 * A case made straight from an alert draft (a MISP event file, a STIX bundle): the draft's title,
 * description, severity, TLP and tags, plus `extraTags`, and its observables, in one transaction
 * with its audit rows.
 */
import { formatId, notFound } from '@propolis/core';
import type { AlertDraft } from '@propolis/feeder';
import { findCase } from '../../db/repositories/cases.js';
import { type AuditEntry, appendAudit } from '../../events/audit.js';
import { prepareAlertObservables } from '../alerts/create-alert.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { draftToInput } from '../feeders/store-drafts.js';
import { writeNewObservables } from '../observables/write-new-observables.js';
import { type CaseView, toCaseView } from './case-view.js';
import { insertPreparedCase, prepareCase } from './create-case.js';

export async function createCaseFromDraft(
  deps: Deps,
  ctx: RequestContext,
  draft: AlertDraft,
  options: { caseTemplate?: string; extraTags?: string[] },
): Promise<CaseView> {
  requirePermission(ctx, 'manageCase/create');
  const { input, files } = draftToInput(draft);
  const tags = [...(input.tags ?? []), ...(options.extraTags ?? [])];
  const prepared = await prepareCase(deps, ctx, {
    title: input.title,
    description: input.description,
    severity: input.severity,
    tlp: input.tlp,
    tags: [...new Set(tags)],
    startDate: input.date,
    caseTemplate: options.caseTemplate || undefined,
  });
  const observables = await prepareAlertObservables(deps, ctx, input.observables ?? [], files, 'observables');
  const scope = scopeOf(ctx);
  const row = await inTransaction(deps, async (trx) => {
    const now = Date.now();
    const row = await insertPreparedCase(trx, ctx, prepared, now);
    const audit: AuditEntry[] = [];
    await writeNewObservables(trx, deps, ctx, scope, { kind: 'case', id: row.id }, observables, now, audit);
    await appendAudit(trx, ctx, audit);
    return row;
  });
  const current = await findCase(deps.db, scope, row.id);
  if (!current) throw notFound(`Case ${formatId(row.id)} not found`);
  return toCaseView(current);
}
