/**
 * TheHive's shapes of Cortex things (its connector): analyzers and responders as TheHive lists them
 * (with the Cortex servers that have them), analyzer jobs (`case_artifact_job`) and responder
 * actions, the report attached once the job ended.
 */
import { formatId } from '@propolis/server/extension';
import type { JobRow } from '../db/jobs.js';
import { LOCAL_CORTEX } from '../domain/connector.js';
import type { WorkerView } from '../domain/workers.js';
import type { ConnectorJobOut, ConnectorWorkerOut } from './connector-routes.js';
import { reportJson } from './cortex-json.js';
import { jobWorkerFields } from './job-worker-fields.js';

export function connectorWorkerJson(v: WorkerView): ConnectorWorkerOut {
  return {
    id: v.row.id,
    _id: v.row.id,
    name: v.row.name,
    version: v.definition?.version ?? '',
    description: v.definition?.description ?? '',
    dataTypeList: v.definition?.dataTypeList ?? [],
    cortexIds: [LOCAL_CORTEX],
  };
}

function common(row: JobRow): ConnectorJobOut {
  const id = formatId(row.id);
  const report = reportJson(row);
  const applied =
    row.applied_operations ??
    (() => {
      try {
        return JSON.stringify((JSON.parse(row.report ?? '{}') as { operations?: unknown }).operations ?? []);
      } catch {
        return '[]';
      }
    })();
  return {
    _id: id,
    id,
    _createdBy: row.created_by,
    _createdAt: row.created_at,
    ...(row.updated_at !== null ? { _updatedAt: row.updated_at } : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
    status: row.status,
    startDate: row.start_date ?? row.created_at,
    ...(row.end_date !== null ? { endDate: row.end_date } : {}),
    cortexId: row.cortex_id ?? LOCAL_CORTEX,
    cortexJobId: row.remote_job_id ?? id,
    operations: applied,
    ...(typeof report === 'object' ? { report } : {}),
  };
}

export function connectorJobJson(row: JobRow): ConnectorJobOut {
  return {
    ...common(row),
    _type: 'case_artifact_job',
    ...jobWorkerFields(row, 'Definition'),
    ...(row.observable_id !== null
      ? { _parent: formatId(row.observable_id), artifactId: formatId(row.observable_id) }
      : {}),
  };
}

export function connectorActionJson(row: JobRow): ConnectorJobOut {
  return {
    ...common(row),
    _type: 'action',
    ...jobWorkerFields(row, 'Definition'),
    objectType: row.object_type,
    objectId: row.object_id !== null ? formatId(row.object_id) : null,
    report: typeof reportJson(row) === 'object' ? reportJson(row) : {},
  };
}
