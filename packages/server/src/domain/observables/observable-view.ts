/**
 * What observable commands return: the row, its attachment (with the blob's hashes) and, when
 * asked, its similarity ("seen" in other cases of the organisation).
 */
import type { Kysely } from 'kysely';
import { type AttachmentView, attachmentsByIds } from '../../db/repositories/attachments.js';
import { type ObservableRow, type Seen, seenOf } from '../../db/repositories/observables.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';

export interface ObservableView {
  row: ObservableRow;
  attachment?: AttachmentView;
  seen?: Seen;
}

export async function observableViews(
  db: Kysely<Database>,
  scope: Scope,
  rows: ObservableRow[],
  options: { seen?: boolean } = {},
): Promise<ObservableView[]> {
  const attachments = await attachmentsByIds(
    db,
    scope,
    rows.map((r) => r.attachment_id).filter((a): a is number => a !== null),
  );
  const seen = options.seen ? await seenOf(db, scope, rows) : undefined;
  return rows.map((row) => {
    const view: ObservableView = { row };
    const attachment = row.attachment_id !== null ? attachments.get(row.attachment_id) : undefined;
    if (attachment) view.attachment = attachment;
    if (seen) view.seen = seen.get(row.id);
    return view;
  });
}
