/**
 * Output shapes of the analysis engine: Cortex's REST API (worker definitions, enabled analyzers
 * and responders, jobs, reports, artifacts, status) and TheHive's Cortex connector (analyzers with
 * the engines that have them, analyzer jobs, responder actions). Open objects: Cortex entities carry
 * more attributes than the ones named here.
 */
import { type Static, Type } from 'typebox';
import { AnyObject, Open } from './meta.js';

const S = Type.String();
const I = Type.Integer();
const Strings = Type.Array(S);

export const CortexDefinition = Open({
  id: S,
  name: S,
  version: S,
  description: S,
  dataTypeList: Strings,
  configurationItems: Type.Array(AnyObject),
});
export type CortexDefinition = Static<typeof CortexDefinition>;

export const CortexWorker = Open({ id: S, name: S, workerDefinitionId: S, dataTypeList: Strings, type: S });
export type CortexWorker = Static<typeof CortexWorker>;

export const CortexJob = Open({
  id: S,
  status: S,
  type: S,
  workerId: S,
  workerName: S,
  dataType: S,
  tlp: I,
  pap: I,
  createdAt: I,
});
export type CortexJob = Static<typeof CortexJob>;

/** A job with its `report`: an object once ended, the strings "Waiting", "Running" or "Deleted" before. */
export const CortexJobWithReport = Open({ id: S, status: S, report: Type.Unknown() });
export const CortexArtifact = Open({ id: S, dataType: S });
export type CortexArtifact = Static<typeof CortexArtifact>;
export const CortexStatus = Open({ versions: AnyObject, config: AnyObject });
export const CortexUser = Open({ id: S, login: S, name: S, organization: S, roles: Strings });

/** An analyzer or responder as TheHive's connector lists it. */
export const ConnectorWorker = Open({ id: S, name: S, dataTypeList: Strings, cortexIds: Strings });
export type ConnectorWorker = Static<typeof ConnectorWorker>;

/** An analyzer job (`case_artifact_job`) or a responder action (`action`) as TheHive shows it. */
export const ConnectorJob = Open({ id: S, _id: S, status: S, cortexId: S, cortexJobId: S });
export type ConnectorJob = Static<typeof ConnectorJob>;

/** POST /connector/cortex/job: runs an analyzer on an observable (`artifactId`). */
export const ConnectorJobBody = Type.Object(
  {
    analyzerId: Type.String({ minLength: 1, maxLength: 255 }),
    artifactId: Type.String({ minLength: 1, maxLength: 64 }),
    cortexId: Type.Optional(Type.String({ maxLength: 255 })),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ConnectorJobBody = Static<typeof ConnectorJobBody>;

export const ConnectorBulkJobBody = Type.Object({ jobs: Type.Array(ConnectorJobBody, { maxItems: 1000 }) });
export type ConnectorBulkJobBody = Static<typeof ConnectorBulkJobBody>;

/** POST /connector/cortex/action: runs a responder on a case, task, log, alert or observable. */
export const ConnectorActionBody = Type.Object(
  {
    responderId: Type.String({ minLength: 1, maxLength: 255 }),
    objectType: Type.String({ minLength: 1, maxLength: 32 }),
    objectId: Type.String({ minLength: 1, maxLength: 64 }),
    cortexId: Type.Optional(Type.String({ maxLength: 255 })),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    tlp: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  },
  { additionalProperties: false },
);
export type ConnectorActionBody = Static<typeof ConnectorActionBody>;
