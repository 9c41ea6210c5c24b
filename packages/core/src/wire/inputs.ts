/**
 * Request bodies of the v1 (TheHive 5, thehive4py 2.x) and v0 (TheHive 3/4, thehive4py 1.x)
 * APIs: the server validates with them (and maps them onto its model in api/schemas/), clients
 * build their requests with their types.
 */
import { type Static, Type } from 'typebox';
import {
  MAX_ALERT_SOURCE,
  MAX_ALERT_SOURCE_REF,
  MAX_ALERT_TYPE,
  MAX_LINK,
  MAX_LOGIN,
  MAX_NAME,
  MAX_OBSERVABLES,
  MAX_PASSWORD,
  MAX_TASKS,
  MAX_TITLE,
  MAX_WORD,
} from '../model/input-limits.js';
import { MAX_BULK, PageBody, ProcedureBody } from './collaboration.js';
import { DateMs, Int32, LongText, Nullable, OptionalNullable, Tags, Text } from './fields.js';

// Tasks ---------------------------------------------------------------------------------------

const NullableDate = Type.Union([DateMs(), Type.Null()]);

export const TaskBodyV1 = Type.Object({
  title: Type.Optional(Text(MAX_TITLE)),
  group: Type.Optional(Text(MAX_NAME)),
  description: Type.Optional(Nullable(LongText)),
  status: Type.Optional(Text(MAX_WORD)),
  flag: Type.Optional(Type.Boolean()),
  startDate: Type.Optional(NullableDate),
  endDate: Type.Optional(NullableDate),
  order: Type.Optional(Int32()),
  dueDate: Type.Optional(NullableDate),
  assignee: Type.Optional(Nullable(Text(MAX_LOGIN))),
  mandatory: Type.Optional(Type.Boolean()),
});
export type TaskBodyV1 = Static<typeof TaskBodyV1>;

export const TaskBodyV0 = Type.Evaluate(
  Type.Intersect([
    Type.Omit(TaskBodyV1, ['assignee']),
    Type.Object({
      owner: Type.Optional(Nullable(Text(MAX_LOGIN))),
      id: Type.Optional(Type.Any()),
    }),
  ]),
);
export type TaskBodyV0 = Static<typeof TaskBodyV0>;

// Task logs -----------------------------------------------------------------------------------

/** A task log (v0 and v1): `date` or TheHive 4's `startDate`; attachments come as multipart parts. */
export const LogBody = Type.Object({
  message: LongText,
  date: Type.Optional(DateMs()),
  startDate: Type.Optional(DateMs()),
  includeInTimeline: Type.Optional(Type.Union([DateMs(), Type.Null()])),
});
export type LogBody = Static<typeof LogBody>;
export const LogUpdateBody = Type.Partial(LogBody);
export type LogUpdateBody = Static<typeof LogUpdateBody>;

// Cases ---------------------------------------------------------------------------------------

const common = {
  title: Type.Optional(Text(MAX_TITLE)),
  description: Type.Optional(LongText),
  severity: Type.Optional(Int32()),
  startDate: Type.Optional(DateMs()),
  endDate: Type.Optional(Type.Union([DateMs(), Type.Null()])),
  tags: Type.Optional(Tags),
  flag: Type.Optional(Type.Boolean()),
  tlp: Type.Optional(Int32()),
  pap: Type.Optional(Int32()),
  status: Type.Optional(Text(MAX_WORD)),
  resolutionStatus: Type.Optional(Nullable(Text(MAX_WORD))),
  impactStatus: Type.Optional(Nullable(Text(MAX_WORD))),
  summary: Type.Optional(Nullable(LongText)),
  customFields: Type.Optional(Type.Unknown()),
};

export const CaseBodyV1 = Type.Object({
  ...common,
  assignee: Type.Optional(Nullable(Text(MAX_LOGIN))),
  caseTemplate: Type.Optional(Text(MAX_NAME)),
  tasks: Type.Optional(Type.Array(TaskBodyV1, { maxItems: MAX_TASKS })),
  pages: Type.Optional(Type.Array(PageBody, { maxItems: MAX_TASKS })),
  addTags: Type.Optional(Tags),
  removeTags: Type.Optional(Tags),
});

export const CaseBodyV0 = Type.Object({
  ...common,
  owner: Type.Optional(Nullable(Text(MAX_LOGIN))),
  template: Type.Optional(Nullable(Text(MAX_NAME))),
  caseTemplate: Type.Optional(Nullable(Text(MAX_NAME))),
  tasks: Type.Optional(Type.Array(TaskBodyV0, { maxItems: MAX_TASKS })),
  metrics: Type.Optional(Type.Unknown()),
});

// Observables ---------------------------------------------------------------------------------

const AttachmentRef = Type.Union([
  Type.String({ maxLength: 255 }),
  Type.Object({
    id: Type.String({ maxLength: 128 }),
    name: Type.Optional(Type.String({ maxLength: 512 })),
    contentType: Type.Optional(Type.String({ maxLength: 255 })),
  }),
]);

/** Fields every observable input shares (v1 InputObservable; v0 artifacts use the same names). */
const ObservableFields = {
  message: OptionalNullable(LongText),
  startDate: OptionalNullable(DateMs()),
  tlp: OptionalNullable(Int32()),
  pap: OptionalNullable(Int32()),
  tags: OptionalNullable(Tags),
  ioc: OptionalNullable(Type.Boolean()),
  sighted: OptionalNullable(Type.Boolean()),
  sightedAt: OptionalNullable(DateMs()),
  ignoreSimilarity: OptionalNullable(Type.Boolean()),
};

export const CreateObservableBody = Type.Object({
  dataType: Type.String({ minLength: 1, maxLength: 64 }),
  data: OptionalNullable(
    Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: MAX_OBSERVABLES })]),
  ),
  attachment: OptionalNullable(Type.Union([AttachmentRef, Type.Array(AttachmentRef, { maxItems: 1000 })])),
  isZip: OptionalNullable(Type.Boolean()),
  zipPassword: OptionalNullable(Text(MAX_PASSWORD)),
  ...ObservableFields,
});

/** The create body as a request carries it: `dataType` may come as `?dataType=` instead (TheHive 5). */
export const CreateObservableRequest = Type.Object({
  ...CreateObservableBody.properties,
  dataType: Type.Optional(CreateObservableBody.properties.dataType),
});

export const UpdateObservableBody = Type.Object({
  dataType: Type.Optional(Type.String()),
  data: Type.Optional(Type.Unknown()),
  addTags: OptionalNullable(Tags),
  removeTags: OptionalNullable(Tags),
  ...ObservableFields,
});

export const BulkUpdateObservableBody = Type.Object({
  ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
  ...UpdateObservableBody.properties,
});

// Alerts --------------------------------------------------------------------------------------

const Observables = Type.Array(CreateObservableBody, { maxItems: MAX_OBSERVABLES });

const fields = {
  type: Type.Optional(Text(MAX_ALERT_TYPE)),
  source: Type.Optional(Text(MAX_ALERT_SOURCE)),
  sourceRef: Type.Optional(Text(MAX_ALERT_SOURCE_REF)),
  externalLink: OptionalNullable(Text(MAX_LINK)),
  title: Type.Optional(Text(MAX_TITLE)),
  description: Type.Optional(LongText),
  severity: Type.Optional(Int32()),
  date: Type.Optional(DateMs()),
  lastSyncDate: Type.Optional(DateMs()),
  tags: Type.Optional(Tags),
  flag: Type.Optional(Type.Boolean()),
  tlp: Type.Optional(Int32()),
  pap: Type.Optional(Int32()),
  status: Type.Optional(Text(MAX_WORD)),
  summary: OptionalNullable(LongText),
  assignee: OptionalNullable(Text(MAX_LOGIN)),
  caseTemplate: OptionalNullable(Text(MAX_NAME)),
  follow: Type.Optional(Type.Boolean()),
  customFields: Type.Optional(Type.Unknown()),
};

/**
 * An alert's content as its source writes it (v1 names; custom fields and observables aside): what
 * a migration copies of an alert, and what an update from the source counts as new content.
 */
export const ALERT_CONTENT_FIELDS = [
  'type',
  'source',
  'sourceRef',
  'externalLink',
  'title',
  'description',
  'severity',
  'date',
  'tags',
  'flag',
  'tlp',
  'pap',
  'summary',
] as const satisfies readonly (keyof typeof fields)[];

/** v1 InputAlert (+ `observables` and TheHive 5's `procedures`). */
export const AlertBodyV1 = Type.Object({
  ...fields,
  observables: Type.Optional(Observables),
  procedures: Type.Optional(Type.Array(ProcedureBody, { maxItems: MAX_BULK })),
});

/** v1 InputUpdateAlert / InputBulkUpdateAlert (without ids). */
export const AlertUpdateBodyV1 = Type.Object({
  ...fields,
  addTags: Type.Optional(Tags),
  removeTags: Type.Optional(Tags),
});

/** v0 alert (TheHive 3/4): `artifacts`, TLP 0–3; thehive4py 1.x sends unset fields as null. */
export const AlertBodyV0 = Type.Object({
  type: OptionalNullable(Text(MAX_ALERT_TYPE)),
  source: OptionalNullable(Text(MAX_ALERT_SOURCE)),
  sourceRef: OptionalNullable(Text(MAX_ALERT_SOURCE_REF)),
  externalLink: OptionalNullable(Text(MAX_LINK)),
  title: OptionalNullable(Text(MAX_TITLE)),
  description: OptionalNullable(LongText),
  severity: OptionalNullable(Int32()),
  date: OptionalNullable(DateMs()),
  lastSyncDate: OptionalNullable(DateMs()),
  tags: OptionalNullable(Tags),
  flag: OptionalNullable(Type.Boolean()),
  tlp: OptionalNullable(Int32()),
  pap: OptionalNullable(Int32()),
  status: OptionalNullable(Text(MAX_WORD)),
  summary: OptionalNullable(LongText),
  caseTemplate: OptionalNullable(Text(MAX_NAME)),
  follow: OptionalNullable(Type.Boolean()),
  customFields: Type.Optional(Type.Unknown()),
  artifacts: OptionalNullable(Observables),
  owner: OptionalNullable(Text(MAX_LOGIN)),
});

// Tags ----------------------------------------------------------------------------------------

/** The tag listing query (GET /tag, v0 and v1). */
export const TagQuery = Type.Object({
  prefix: Type.Optional(Type.String({ maxLength: 255 })),
  entity: Type.Optional(Type.String({ maxLength: 16 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type TagQuery = Static<typeof TagQuery>;

// Users ---------------------------------------------------------------------------------------

export const UserType = Type.Union([Type.Literal('Normal'), Type.Literal('Service')]);

export const CreateUserBody = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 255 }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  profile: Type.String({ minLength: 1, maxLength: 128 }),
  organisation: Type.Optional(Type.String({ maxLength: 128 })),
  password: Type.Optional(Text(MAX_PASSWORD)),
  email: Type.Optional(Type.String({ maxLength: 255 })),
  type: Type.Optional(UserType),
  avatar: Type.Optional(Type.String({ maxLength: 2_000_000 })),
});

export type CaseBodyV1 = Static<typeof CaseBodyV1>;
export type CaseBodyV0 = Static<typeof CaseBodyV0>;
export type CreateObservableBody = Static<typeof CreateObservableBody>;
export type UpdateObservableBody = Static<typeof UpdateObservableBody>;
export type AlertBodyV1 = Static<typeof AlertBodyV1>;
export type AlertUpdateBodyV1 = Static<typeof AlertUpdateBodyV1>;
export type CreateObservableRequest = Static<typeof CreateObservableRequest>;
export type BulkUpdateObservableBody = Static<typeof BulkUpdateObservableBody>;
export type AlertBodyV0 = Static<typeof AlertBodyV0>;
export type CreateUserBody = Static<typeof CreateUserBody>;

/** Optional body of `POST /api/v1/alert/{id}/merge/{caseId}` and `.../import/{caseId}` (a Propolis addition). */
export const AlertMergeBody = Type.Object({
  observables: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 10_000,
      description:
        'the ids of the alert observables to bring into the case (the others stay on the alert only); all when absent',
    }),
  ),
});
export type AlertMergeBody = Static<typeof AlertMergeBody>;
