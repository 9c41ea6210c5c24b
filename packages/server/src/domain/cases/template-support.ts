/**
 * Where cases meet case templates and custom fields (owned by their own modules).
 */
import { badRequest } from '@propolis/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import type { CaseInput } from './case-input.js';

/** Merges the named template into the input: the case's own values win, tags are unioned. */
export async function applyTemplate(_deps: Deps, _ctx: RequestContext, input: CaseInput): Promise<CaseInput> {
  if (input.caseTemplate) throw badRequest(`caseTemplate: case templates are not available yet`);
  return input;
}

export async function writeCaseCustomFields(
  _trx: Transaction<Database>,
  _ctx: RequestContext,
  _caseId: number,
  customFields: unknown,
  _mode: 'replace' | 'merge',
): Promise<void> {
  const empty =
    customFields === undefined ||
    customFields === null ||
    (Array.isArray(customFields)
      ? customFields.length === 0
      : typeof customFields === 'object' && Object.keys(customFields as object).length === 0);
  if (!empty) throw badRequest('customFields: custom fields are not available yet');
}

/** Clean-up of rows that reference a case without a foreign key (observable tags, custom field values). */
export const caseDependents = {
  async beforeDelete(
    _trx: Transaction<Database>,
    _scope: import('../context.js').Scope,
    _caseIds: number[],
  ): Promise<void> {},
};
