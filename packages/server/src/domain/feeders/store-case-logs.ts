/**
 * Stores a feeder's replies to cases (mails whose subject names `Case #12`) as logs of the case's
 * reply task, created if missing, with the mail's attachments. A reply already logged (its
 * Message-ID is in a log of that task: a replayed batch) is a duplicate; a case number the
 * organisation does not have makes the reply an ordinary alert, so that nothing is lost.
 */
import { formatId } from '@propolis/core';
import type { CaseLogDraft } from '@propolis/feeder';
import { findCase } from '../../db/repositories/cases.js';
import { organisationByName } from '../../db/repositories/organisations.js';
import { logsOfTasks } from '../../db/repositories/task-logs.js';
import { tasksOfCases } from '../../db/repositories/tasks.js';
import { scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { createLog } from '../logs/create-log.js';
import { createTasks } from '../tasks/create-tasks.js';
import { feederContext } from './feeder-context.js';
import { type StoreResult, storeDrafts } from './store-drafts.js';

/** The line of the log that names its mail (written by the mail feeder). */
const marker = (ref: string) => `**Message-ID:** ${ref}`;

export async function storeCaseLogs(
  deps: Deps,
  feeder: string,
  organisationName: string,
  logs: readonly CaseLogDraft[],
): Promise<StoreResult> {
  const result: StoreResult = { created: 0, duplicates: 0, failed: 0, failures: [], alertIds: [] };
  if (logs.length === 0) return result;
  const organisation = await organisationByName(deps.db, organisationName);
  if (!organisation) throw new Error(`the organisation ${organisationName} does not exist`);
  const ctx = feederContext(feeder, organisation);
  const scope = scopeOf(ctx);
  const orphans = [];
  for (const log of logs) {
    const kase = await findCase(deps.db, scope, `#${log.caseNumber}`);
    if (!kase) {
      orphans.push(log.orAlert);
      continue;
    }
    let task = (await tasksOfCases(deps.db, scope, [kase.id])).find((t) => t.title === log.task);
    task ??= (await createTasks(deps, ctx, `#${kase.number}`, [{ title: log.task, group: 'mail' }]))[0]!;
    const tag = marker(log.ref);
    if ((await logsOfTasks(deps.db, scope, [task.id])).some((l) => l.message.includes(tag))) {
      result.duplicates += 1;
      continue;
    }
    await createLog(
      deps,
      ctx,
      formatId(task.id),
      { message: log.message.includes(tag) ? log.message : `${log.message}\n\n${tag}` },
      log.attachments.map((a) => ({
        filename: a.name,
        contentType: a.contentType,
        bytes: Buffer.from(a.content),
      })),
    );
    result.created += 1;
  }
  return addResults(result, await storeDrafts(deps, feeder, organisationName, orphans));
}

export function addResults(a: StoreResult, b: StoreResult): StoreResult {
  return {
    created: a.created + b.created,
    duplicates: a.duplicates + b.duplicates,
    failed: a.failed + b.failed,
    failures: [...a.failures, ...b.failures],
    alertIds: [...a.alertIds, ...b.alertIds],
  };
}
