/**
 * A job's worker under the names of its kind, as Cortex and TheHive's connector spell them:
 * `analyzerId`, `analyzerName` and the definition (Cortex `analyzerDefinitionId`, the connector
 * `analyzerDefinition`), or the same with `responder`.
 */
import type { JobRow } from '../db/jobs.js';

type Kind = 'analyzer' | 'responder';

export type JobWorkerFields<Definition extends string> = {
  [K in `${Kind}${'Id' | 'Name' | Definition}`]?: string;
};

export function jobWorkerFields<Definition extends string>(
  row: Pick<JobRow, 'type' | 'worker_id' | 'worker_name' | 'worker_definition_id'>,
  definition: Definition,
): JobWorkerFields<Definition> {
  const kind: Kind = row.type === 'analyzer' ? 'analyzer' : 'responder';
  return {
    [`${kind}Id`]: row.worker_id,
    [`${kind}Name`]: row.worker_name,
    [`${kind}${definition}`]: row.worker_definition_id,
  } as JobWorkerFields<Definition>;
}
