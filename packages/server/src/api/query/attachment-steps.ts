/**
 * `attachments` after a case or a log (thehive4py 2.x `case.find_attachments`,
 * `task_log.find_attachments`): the files linked to them (case_attachment, log_attachment), as a
 * selection of the `attachment` entity that filter, sort, page and count follow.
 */
import { attachmentsOf } from '../../db/repositories/attachments.js';
import type { QueryEnv } from '../../query/selection.js';

type Step = (env: QueryEnv, rows: Record<string, unknown>[]) => Promise<number[]>;

const of =
  (kind: 'case' | 'log'): Step =>
  async (env, rows) => {
    const out: number[] = [];
    for (const r of rows)
      for (const a of await attachmentsOf(env.db, env.scope, { kind, id: Number(r.id) })) out.push(a.id);
    return out;
  };

export const attachmentSteps: Record<string, Record<string, { target: string; ids: Step }>> = {
  case: { attachments: { target: 'attachment', ids: of('case') } },
  log: { attachments: { target: 'attachment', ids: of('log') } },
};
