/**
 * `POST /api/v1/stix/import`: a STIX 2.1 bundle, checked against the STIX rules first (a bundle
 * with problems is a 400 listing them, and nothing is written), becomes an alert (`type` stix) or
 * a case of the caller's organisation with its observables (intel/stix-import.ts).
 */
import { badRequest } from '@propolis/core';
import { bundleToDraft, checkStixBundle } from '../../intel/stix-import.js';
import type { AlertView } from '../alerts/alert-view.js';
import { createAlert } from '../alerts/create-alert.js';
import { createCaseFromDraft } from '../cases/case-from-draft.js';
import type { CaseView } from '../cases/case-view.js';
import { type RequestContext, requirePermission } from '../context.js';
import type { Deps } from '../deps.js';
import { draftToInput } from '../feeders/store-drafts.js';

export type StixImportResult = { alert: AlertView } | { case: CaseView };

export async function importStixBundle(
  deps: Deps,
  ctx: RequestContext,
  bundle: unknown,
  options: {
    as: 'alert' | 'case';
    caseTemplate?: string;
    /** What the alert is named by instead of the bundle's (a TAXII write or pull). */
    origin?: { type?: string; source?: string; sourceRef?: string };
  },
): Promise<StixImportResult> {
  requirePermission(ctx, options.as === 'case' ? 'manageCase/create' : 'manageAlert/create');
  const problems = checkStixBundle(bundle);
  if (problems.length) throw badRequest(`Invalid STIX 2.1 bundle: ${problems.join('; ')}`);
  const draft = { ...bundleToDraft(bundle as Record<string, unknown>), ...options.origin };
  if (options.as === 'case')
    return { case: await createCaseFromDraft(deps, ctx, draft, { caseTemplate: options.caseTemplate }) };
  const { input, files } = draftToInput(draft);
  return {
    alert: await createAlert(
      deps,
      ctx,
      { ...input, caseTemplate: options.caseTemplate ?? input.caseTemplate },
      files,
    ),
  };
}
