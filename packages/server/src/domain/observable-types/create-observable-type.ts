/**
 * Creates a platform-wide observable type (TheHive's InputObservableType); manageObservableTemplate.
 */
import { badRequest, conflict, formatId } from '@propolis/core';
import {
  findObservableType,
  insertObservableType,
  type ObservableTypeRow,
} from '../../db/repositories/observable-types.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export interface CreateObservableTypeInput {
  name: string;
  isAttachment?: boolean;
  /** When false, data is compared lower-cased (dedup and similarity). Default true. */
  isCaseSensitive?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export async function createObservableType(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: CreateObservableTypeInput,
): Promise<ObservableTypeRow> {
  requirePermission(ctx, 'manageObservableTemplate');
  const name = input.name.trim();
  if (!NAME.test(name)) {
    throw badRequest(
      `name: "${input.name}" is not a valid observable type name (1 to 64 letters, digits, "-", "_" or ".")`,
    );
  }
  return inTransaction(deps, async (trx) => {
    if (await findObservableType(trx, name)) throw conflict(`Observable type ${name} already exists`);
    const row = await insertObservableType(trx, {
      name,
      is_attachment: input.isAttachment ? 1 : 0,
      is_case_sensitive: input.isCaseSensitive === false ? 0 : 1,
      builtin: 0,
      ...createdNow(ctx),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'ObservableType',
        objectId: formatId(row.id),
        details: {
          name,
          isAttachment: row.is_attachment === 1,
          isCaseSensitive: row.is_case_sensitive === 1,
        },
      },
    ]);
    return row;
  });
}
