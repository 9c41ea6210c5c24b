/**
 * The operations of a finished job's report, applied by the platform as TheHive does: as the user
 * who ran the job, in its organisation, through the platform's own commands (so permissions, audit
 * and the stream behave as for a user's change). Each operation is recorded with its outcome
 * (`status` Success/Failure and a `message`) in the job's `applied_operations`.
 *
 * What they act on: the job's observable (AddTagToArtifact), the case or alert it belongs to
 * (AddTagToCase, AddCustomFields, CreateTask, AddArtifactToCase, AssignCase; AddTagToAlert,
 * MarkAlertAsRead), the task (CloseTask, AddLogToTask; for a log, its task).
 */
import { randomUUID } from 'node:crypto';
import {
  alertAction,
  createLog,
  createObservables,
  createTasks,
  findObservable,
  formatId,
  getLog,
  type RequestContext,
  updateAlert,
  updateCase,
  updateObservableCommand,
  updateTask,
  userByLogin,
} from '@propolis/server/extension';
import { type JobRow, setJobStatus } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { Analysis } from './analysis.js';

type Operation = Record<string, unknown>;

interface Target {
  caseId?: number;
  alertId?: number;
  observableId?: number;
  taskId?: number;
}

async function targetOf(a: Analysis, ctx: RequestContext, job: JobRow): Promise<Target> {
  const t: Target = {};
  const scope = { organisationId: job.organisation_id, platformAdmin: false };
  const observableId = job.observable_id ?? (job.object_type === 'case_artifact' ? job.object_id : null);
  if (observableId !== null && observableId !== undefined) {
    const o = await findObservable(a.deps.db, scope, observableId);
    if (o) {
      t.observableId = o.id;
      if (o.case_id !== null) t.caseId = o.case_id;
      if (o.alert_id !== null) t.alertId = o.alert_id;
    }
  }
  if (job.object_type === 'case' && job.object_id !== null) t.caseId = job.object_id;
  if (job.object_type === 'alert' && job.object_id !== null) t.alertId = job.object_id;
  if (job.object_type === 'case_task' && job.object_id !== null) {
    t.taskId = job.object_id;
    if (job.root_id !== null) t.caseId = job.root_id;
  }
  if (job.object_type === 'case_task_log' && job.object_id !== null) {
    const log = await getLog(a.deps, ctx, formatId(job.object_id));
    t.taskId = log.log.task_id;
    t.caseId = log.log.case_id;
  }
  return t;
}

const str = (op: Operation, key: string): string => {
  const v = op[key];
  if (typeof v !== 'string' || v === '') throw new Error(`${key} is missing`);
  return v;
};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the job is not related to ${what}`);
  return value;
}

async function applyOne(a: Analysis, ctx: RequestContext, t: Target, op: Operation): Promise<string> {
  const deps = a.deps;
  switch (op.type) {
    case 'AddTagToArtifact':
      await updateObservableCommand(deps, ctx, formatId(need(t.observableId, 'an observable')), {
        addTags: [str(op, 'tag')],
      });
      return 'Tag added to the observable';
    case 'AddTagToCase':
      await updateCase(deps, ctx, formatId(need(t.caseId, 'a case')), { addTags: [str(op, 'tag')] });
      return 'Tag added to the case';
    case 'AddTagToAlert':
      await updateAlert(deps, ctx, formatId(need(t.alertId, 'an alert')), { addTags: [str(op, 'tag')] });
      return 'Tag added to the alert';
    case 'MarkAlertAsRead':
      await alertAction(deps, ctx, formatId(need(t.alertId, 'an alert')), 'read');
      return 'Alert marked as read';
    case 'AssignCase':
      await updateCase(deps, ctx, formatId(need(t.caseId, 'a case')), { assignee: str(op, 'owner') });
      return 'Case assigned';
    case 'AddCustomFields':
      await updateCase(deps, ctx, formatId(need(t.caseId, 'a case')), {
        customFields: { [str(op, 'name')]: op.value },
      });
      return 'Custom field set';
    case 'CreateTask':
      await createTasks(deps, ctx, formatId(need(t.caseId, 'a case')), [
        {
          title: str(op, 'title'),
          description: typeof op.description === 'string' ? op.description : undefined,
        },
      ]);
      return 'Task created';
    case 'CloseTask':
      await updateTask(deps, ctx, formatId(need(t.taskId, 'a task')), { status: 'Completed' });
      return 'Task closed';
    case 'AddLogToTask':
      await createLog(deps, ctx, formatId(need(t.taskId, 'a task')), { message: str(op, 'content') });
      return 'Log added to the task';
    case 'AddArtifactToCase':
      await createObservables(deps, ctx, formatId(need(t.caseId, 'a case')), {
        dataType: str(op, 'dataType'),
        data: str(op, 'data'),
        message: typeof op.message === 'string' ? op.message : undefined,
        tlp: typeof op.tlp === 'number' ? op.tlp : undefined,
        ioc: typeof op.ioc === 'boolean' ? op.ioc : undefined,
        sighted: typeof op.sighted === 'boolean' ? op.sighted : undefined,
        ignoreSimilarity: typeof op.ignoreSimilarity === 'boolean' ? op.ignoreSimilarity : undefined,
        tags: Array.isArray(op.tags) ? op.tags.map(String) : undefined,
      });
      return 'Observable added to the case';
    default:
      throw new Error(`unknown operation ${String(op.type)}`);
  }
}

/** Applies the operations of a job linked to a platform entity; returns what was recorded. */
export async function applyOperations(
  a: Analysis,
  job: JobRow,
  operations: Operation[],
): Promise<Operation[]> {
  if (operations.length === 0 || (job.observable_id === null && job.object_type === null)) return [];
  const user = await userByLogin(a.deps.db, job.created_by);
  let ctx: RequestContext | undefined;
  try {
    if (user)
      ctx = {
        requestId: randomUUID(),
        actor: await a.deps.authenticator.actorFor(user, formatId(job.organisation_id)),
      };
  } catch {
    ctx = undefined;
  }
  const done: Operation[] = [];
  const target = ctx ? await targetOf(a, ctx, job).catch(() => ({}) as Target) : {};
  for (const op of operations) {
    if (!ctx) {
      done.push({
        ...op,
        status: 'Failure',
        message: `User ${job.created_by} can no longer act in this organisation`,
      });
      continue;
    }
    try {
      done.push({ ...op, status: 'Success', message: await applyOne(a, ctx, target, op) });
    } catch (error) {
      done.push({ ...op, status: 'Failure', message: (error as Error).message });
    }
  }
  await setJobStatus(analysisDb(a.deps.db), job.organisation_id, job.id, {
    applied_operations: JSON.stringify(done),
  });
  return done;
}
