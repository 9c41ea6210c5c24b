/**
 * TypeBox schemas of the Cortex face and the connector: request parts and response shapes. Cortex's
 * entities keep every attribute they have (`additionalProperties`), so the schemas name the fields
 * clients rely on and let the rest through.
 */
import { type Static, Type } from 'typebox';

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

export const Definition = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    version: Type.String(),
    description: Type.String(),
    dataTypeList: Type.Array(Type.String()),
    configurationItems: Type.Array(Type.Object({}, open)),
  },
  open,
);
export const Worker = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    workerDefinitionId: Type.String(),
    dataTypeList: Type.Array(Type.String()),
    type: Type.String(),
  },
  open,
);
export const Job = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    type: Type.String(),
    workerId: Type.String(),
    workerName: Type.String(),
    dataType: Type.String(),
    tlp: Type.Integer(),
    pap: Type.Integer(),
    createdAt: Type.Integer(),
  },
  open,
);
export const JobWithReport = Type.Object(
  { id: Type.String(), status: Type.String(), report: Type.Unknown() },
  open,
);
export const Artifact = Type.Object({ id: Type.String(), dataType: Type.String() }, open);
export const Status = Type.Object({ versions: Type.Object({}, open), config: Type.Object({}, open) }, open);
export const StatusMap = Type.Record(Type.String(), Type.String());
export const CortexUser = Type.Object(
  {
    id: Type.String(),
    login: Type.String(),
    name: Type.String(),
    organization: Type.String(),
    roles: Type.Array(Type.String()),
  },
  open,
);
export const StringList = Type.Array(Type.String());

type Open<T> = T & Record<string, unknown>;
export type DefinitionOut = Open<Static<typeof Definition>>;
export type WorkerOut = Open<Static<typeof Worker>>;
export type JobOut = Open<Static<typeof Job>>;
export type ArtifactOut = Open<Static<typeof Artifact>>;
