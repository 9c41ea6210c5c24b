/**
 * `DELETE /api/v1/pattern/{id}` (TheHive 5): a platform administrator (managePattern) removes a
 * technique from the catalog. One that procedures still record is refused (400, nothing changed):
 * their TTPs would lose their technique. Its sub-techniques stay, without a parent.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import {
  deletePattern as deleteRow,
  findPattern,
  procedureCountOfPattern,
} from '../../db/repositories/patterns.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export async function deletePattern(deps: Deps, ctx: RequestContext, idOrPatternId: string): Promise<void> {
  requirePermission(ctx, 'managePattern');
  const pattern = await findPattern(deps.db, idOrPatternId);
  if (!pattern) throw notFound(`Pattern ${idOrPatternId} not found`);
  await inTransaction(deps, async (trx) => {
    const used = await procedureCountOfPattern(trx, pattern.id);
    if (used > 0)
      throw badRequest(
        `Pattern ${pattern.pattern_id} is recorded by ${used} procedure(s): delete them first, or keep the pattern (a re-import marks it revoked or deprecated)`,
      );
    await deleteRow(trx, pattern.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'Pattern',
        objectId: formatId(pattern.id),
        details: { patternId: pattern.pattern_id, name: pattern.name },
      },
    ]);
  });
}
