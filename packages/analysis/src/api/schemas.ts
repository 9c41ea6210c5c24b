/**
 * TypeBox schemas of the Cortex face and the connector: request parts and response shapes. Cortex's
 * entities keep every attribute they have (`additionalProperties`), so the schemas name the fields
 * clients rely on and let the rest through.
 */
import type { CortexArtifact, CortexDefinition, CortexJob, CortexWorker } from '@propolis/core';
import { Type } from 'typebox';

const open = { additionalProperties: true } as const;

export const IdParams = Type.Object({ id: Type.String({ maxLength: 255 }) });
export const DefinitionParams = Type.Object({ definitionId: Type.String({ maxLength: 255 }) });
export const DataTypeParams = Type.Object({ dataType: Type.String({ maxLength: 64 }) });
export const ListQuery = Type.Object(
  {
    range: Type.Optional(Type.String()),
    sort: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  },
  open,
);
export const WaitQuery = Type.Object({ atMost: Type.Optional(Type.String({ maxLength: 64 })) }, open);
export const SearchBody = Type.Union([
  Type.Object(
    {
      query: Type.Optional(Type.Unknown()),
      range: Type.Optional(Type.Unknown()),
      sort: Type.Optional(Type.Unknown()),
    },
    open,
  ),
  Type.Null(),
]);
export const LooseBody = Type.Union([Type.Object({}, open), Type.Null()]);
export const JobStatusBody = Type.Object({
  jobIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 }),
});

export {
  CortexArtifact as Artifact,
  CortexDefinition as Definition,
  CortexJob as Job,
  CortexJobWithReport as JobWithReport,
  CortexStatus as Status,
  CortexUser,
  CortexWorker as Worker,
} from '@propolis/core';
export const StatusMap = Type.Record(Type.String(), Type.String());
export const StringList = Type.Array(Type.String());

type Open<T> = T & Record<string, unknown>;
export type DefinitionOut = Open<CortexDefinition>;
export type WorkerOut = Open<CortexWorker>;
export type JobOut = Open<CortexJob>;
export type ArtifactOut = Open<CortexArtifact>;
