/**
 * `PUT /observable/type/update/{from}/{to}` (TheHive 4/5): every observable of type `from`, in every
 * organisation, becomes of type `to` — a platform maintenance step after defining a better type
 * (permission manageObservableTemplate, from the admin organisation). The data is put in the new
 * type's canonical form when it is valid for it, and kept as it is otherwise (TheHive does not
 * check); where the parent (case or alert) already holds the value under `to`, the two are merged
 * (foldDuplicate). One transaction, one audit row per observable changed, in its organisation.
 */
import { badRequest, forbidden, formatId, notFound } from '@propolis/core';
import { findObservableType } from '../../db/repositories/observable-types.js';
import {
  findTwinObservable,
  observablesOfTypeAllOrganisations,
  updateObservable,
} from '../../db/repositories/observables.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { foldDuplicate } from './fold-duplicate.js';
import { retypedData } from './retyped-data.js';

export interface RetypeResult {
  updated: number;
  merged: number;
}

export async function retypeObservables(
  deps: Deps,
  ctx: RequestContext,
  from: string,
  to: string,
): Promise<RetypeResult> {
  requirePermission(ctx, 'manageObservableTemplate');
  if (!scopeOf(ctx).platformAdmin) throw forbidden('Observables are retyped from the admin organisation');
  const source = await findObservableType(deps.db, from);
  const target = await findObservableType(deps.db, to);
  if (!source) throw notFound(`Observable type ${from} not found`);
  if (!target) throw notFound(`Observable type ${to} not found`);
  if (source.name === target.name) throw badRequest('from and to: the same type');
  if (source.is_attachment !== target.is_attachment)
    throw badRequest(`${source.name} and ${target.name}: a file type and a value type cannot be exchanged`);
  const result: RetypeResult = { updated: 0, merged: 0 };
  await inTransaction(deps, async (trx) => {
    const rows = await observablesOfTypeAllOrganisations(trx, source.name);
    for (const row of rows) {
      const { data, key } = retypedData(target, row);
      const twin = await findTwinObservable(trx, row, target.name, key);
      const author = {
        requestId: ctx.requestId,
        login: ctx.actor.login,
        organisationId: row.organisation_id,
      };
      if (twin) {
        await foldDuplicate(trx, twin, row, ctx.actor.login);
        result.merged++;
        await appendAudit(trx, author, [
          {
            action: 'merge',
            objectType: 'Observable',
            objectId: formatId(twin.id),
            rootId: formatId((row.case_id ?? row.alert_id)!),
            details: { merged: [formatId(row.id)], dataType: target.name },
          },
        ]);
        continue;
      }
      await updateObservable(trx, { organisationId: row.organisation_id, platformAdmin: true }, row.id, {
        data_type: target.name,
        data,
        data_key: key,
        updated_at: Date.now(),
        updated_by: ctx.actor.login,
      });
      result.updated++;
      await appendAudit(trx, author, [
        {
          action: 'update',
          objectType: 'Observable',
          objectId: formatId(row.id),
          rootId: formatId((row.case_id ?? row.alert_id)!),
          details: { dataType: target.name },
        },
      ]);
    }
  });
  return result;
}
