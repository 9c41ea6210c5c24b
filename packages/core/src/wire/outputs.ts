/**
 * Output shapes of the v1 (TheHive 5) and v0 (TheHive 3/4) APIs: the server's presenters return
 * `Static<>` of these, its routes declare them as responses (and so the OpenAPI document), and
 * clients take their types from them.
 */
import { type Static, Type } from 'typebox';
import { AnyObject, ExtraData, MetaV0, MetaV1, Open } from './meta.js';

const S = Type.String();
const I = Type.Integer();
const B = Type.Boolean();
const opt = Type.Optional;
const Strings = Type.Array(S);
const NullableInt = Type.Union([I, Type.Null()]);
const NullableString = Type.Union([S, Type.Null()]);

// Attachments ---------------------------------------------------------------------------------

export const AttachmentOutput = Open({
  _id: opt(S),
  _type: opt(S),
  name: S,
  hashes: Strings,
  size: I,
  contentType: S,
  id: S,
});

// Custom fields -------------------------------------------------------------------------------

/** A custom field value of an object (v1 list item). */
export const CustomFieldValueV1 = Open({
  _id: opt(S),
  name: S,
  displayName: S,
  description: S,
  type: S,
  value: Type.Unknown(),
  order: I,
});
/** v0 custom fields: `{ <name>: { <type>: value, order } }`. */
export const CustomFieldsV0 = Type.Record(S, AnyObject);

const definition = { description: S, type: S, options: Type.Array(Type.Unknown()), mandatory: B };
export const CustomFieldOutputV1 = Open({
  ...MetaV1,
  name: S,
  displayName: S,
  group: S,
  ...definition,
  extraData: ExtraData,
});
export const CustomFieldOutputV0 = Open({
  ...MetaV0,
  reference: S,
  name: S,
  displayName: S,
  group: S,
  ...definition,
});
export const CustomFieldListItem = Open({ name: S, reference: S, ...definition });

// Cases ---------------------------------------------------------------------------------------

export const CaseOutputV1 = Open({
  ...MetaV1,
  number: I,
  title: S,
  description: S,
  severity: I,
  severityLabel: S,
  startDate: I,
  endDate: opt(I),
  tags: Strings,
  flag: B,
  tlp: I,
  tlpLabel: S,
  pap: I,
  papLabel: S,
  status: S,
  stage: S,
  summary: opt(S),
  impactStatus: opt(S),
  assignee: opt(S),
  caseTemplate: opt(S),
  customFields: Type.Array(CustomFieldValueV1),
  newDate: I,
  inProgressDate: opt(I),
  closedDate: opt(I),
  timeToDetect: I,
  handlingDuration: opt(I),
  access: opt(
    Type.Union([
      Type.Object({ kind: Type.Literal('public') }),
      Type.Object({ kind: Type.Literal('restricted'), users: Strings }),
    ]),
  ),
  extraData: ExtraData,
});

export const CaseOutputV0 = Open({
  ...MetaV0,
  caseId: I,
  title: S,
  description: opt(S),
  severity: I,
  startDate: I,
  endDate: NullableInt,
  owner: NullableString,
  flag: B,
  tlp: I,
  pap: I,
  tags: Strings,
  status: S,
  resolutionStatus: opt(NullableString),
  impactStatus: NullableString,
  summary: NullableString,
  customFields: CustomFieldsV0,
  metrics: AnyObject,
  template: opt(S),
  mergeInto: opt(S),
  stats: opt(AnyObject),
});

// Tasks and logs ------------------------------------------------------------------------------

/** What v1 and v0 tasks show alike (v0 always shows a description, '' when none). */
const task = {
  title: S,
  group: S,
  status: S,
  flag: B,
  startDate: opt(I),
  endDate: opt(I),
  order: I,
  dueDate: opt(I),
};

export const TaskOutputV1 = Open({
  ...MetaV1,
  ...task,
  description: opt(S),
  assignee: opt(S),
  mandatory: B,
  extraData: ExtraData,
});

export const TaskOutputV0 = Open({ ...MetaV0, ...task, _parent: S, description: S, owner: opt(S) });

export const LogOutputV1 = Open({
  ...MetaV1,
  message: S,
  date: I,
  owner: S,
  attachments: Type.Array(AttachmentOutput),
  attachment: opt(AttachmentOutput),
  includeInTimeline: opt(I),
  extraData: ExtraData,
});

export const LogOutputV0 = Open({
  ...MetaV0,
  _parent: S,
  message: S,
  startDate: I,
  owner: S,
  status: S,
  attachment: opt(AttachmentOutput),
});

// Observables ---------------------------------------------------------------------------------

export const ObservableOutputV1 = Open({
  ...MetaV1,
  dataType: S,
  data: opt(S),
  startDate: I,
  attachment: opt(AttachmentOutput),
  tlp: I,
  tlpLabel: S,
  pap: I,
  papLabel: S,
  tags: Strings,
  ioc: B,
  sighted: B,
  sightedAt: opt(I),
  reports: AnyObject,
  message: opt(S),
  ignoreSimilarity: B,
  extraData: ExtraData,
});

export const ObservableOutputV0 = Open({
  ...MetaV0,
  _parent: opt(S),
  dataType: S,
  data: opt(S),
  attachment: opt(AttachmentOutput),
  startDate: I,
  tlp: I,
  tags: Strings,
  ioc: B,
  sighted: B,
  message: S,
  reports: AnyObject,
  status: S,
  ignoreSimilarity: B,
  stats: opt(AnyObject),
  case: opt(AnyObject),
  /** In an alert's artifacts when similarity is asked for: how many cases hold the same value. */
  seen: opt(I),
});

/** A case linked to another through observables. */
export const LinkedCaseV1 = Open({
  ...CaseOutputV1.properties,
  linksCount: I,
  linkedWith: Type.Array(ObservableOutputV1),
});
export const LinkedCaseV0 = Open({ linksCount: I, linkedWith: Type.Array(ObservableOutputV0) });

// Alerts --------------------------------------------------------------------------------------

/** What v1 and v0 alerts show alike. */
const alert = {
  type: S,
  source: S,
  sourceRef: S,
  externalLink: opt(S),
  title: S,
  description: S,
  severity: I,
  date: I,
  lastSyncDate: I,
  tags: Strings,
  tlp: I,
  pap: I,
  follow: B,
  caseTemplate: opt(S),
  summary: opt(S),
  observableCount: I,
};

export const AlertOutputV1 = Open({
  ...MetaV1,
  ...alert,
  severityLabel: S,
  flag: B,
  tlpLabel: S,
  papLabel: S,
  read: B,
  customFields: Type.Array(CustomFieldValueV1),
  caseId: opt(S),
  status: S,
  stage: S,
  assignee: opt(S),
  newDate: I,
  inProgressDate: opt(I),
  closedDate: opt(I),
  importedDate: opt(I),
  timeToDetect: I,
  extraData: ExtraData,
});

const handling = {
  imported: B,
  handlingDuration: opt(I),
  handlingDurationInSeconds: opt(I),
  handlingDurationInMinutes: opt(I),
  handlingDurationInHours: opt(I),
  handlingDurationInDays: opt(I),
};

export const SimilarCaseV0 = Open({
  _id: S,
  id: S,
  caseId: I,
  title: S,
  severity: I,
  startDate: I,
  endDate: NullableInt,
  resolutionStatus: NullableString,
  status: S,
  tags: Strings,
  tlp: I,
  artifactCount: I,
  iocCount: I,
  similarArtifactCount: I,
  similarIocCount: I,
});

export const AlertOutputV0 = Open({
  ...MetaV0,
  ...alert,
  status: S,
  customFields: CustomFieldsV0,
  owner: opt(S),
  case: opt(S),
  caseId: opt(S),
  importDate: opt(I),
  ...handling,
  artifacts: Type.Array(ObservableOutputV0),
  similarCases: opt(Type.Array(SimilarCaseV0)),
});

const similarityCounts = {
  similarObservableCount: I,
  observableCount: I,
  similarIocCount: I,
  iocCount: I,
  observableTypes: AnyObject,
};
export const SimilarCaseV1 = Open({ case: CaseOutputV1, ...similarityCounts });
export const SimilarAlertV1 = Open({ alert: AlertOutputV1, ...similarityCounts });

// Case templates ------------------------------------------------------------------------------

const templateTask = { title: S, group: S, status: S, flag: B, order: I, dueDate: opt(I) };
export const TemplateTaskV1 = Open({ ...templateTask, description: opt(S), mandatory: B, assignee: opt(S) });
export const TemplateTaskV0 = Open({ ...templateTask, description: S, owner: opt(S) });

const template = {
  name: S,
  displayName: S,
  titlePrefix: opt(S),
  description: opt(S),
  severity: opt(I),
  tags: Strings,
  flag: B,
  tlp: opt(I),
  pap: opt(I),
  summary: opt(S),
};
export const CaseTemplateOutputV1 = Open({
  ...MetaV1,
  ...template,
  severityLabel: opt(S),
  tlpLabel: opt(S),
  papLabel: opt(S),
  customFields: Type.Array(CustomFieldValueV1),
  tasks: Type.Array(TemplateTaskV1),
  extraData: ExtraData,
});
export const CaseTemplateOutputV0 = Open({
  ...MetaV0,
  ...template,
  status: S,
  metrics: AnyObject,
  customFields: CustomFieldsV0,
  tasks: Type.Array(TemplateTaskV0),
});

// Users, organisations, profiles --------------------------------------------------------------

const userFlags = {
  login: S,
  name: S,
  hasKey: B,
  hasPassword: B,
  hasMFA: B,
  organisation: S,
  profile: S,
  permissions: Strings,
};
export const UserOutputV1 = Open({
  ...MetaV1,
  ...userFlags,
  locked: B,
  organisations: Type.Array(Open({ organisationId: S, organisation: S, profile: S })),
  type: S,
  email: opt(S),
  avatar: opt(S),
  defaultOrganisation: opt(S),
  extraData: ExtraData,
});
export const UserOutputV0 = Open({
  ...MetaV0,
  ...userFlags,
  roles: Strings,
  status: S,
  preferences: S,
  avatar: opt(S),
});

export const OrganisationOutputV1 = Open({
  ...MetaV1,
  name: S,
  description: S,
  taskRule: S,
  observableRule: S,
  links: Strings,
  locked: B,
  extraData: ExtraData,
});

export const ProfileOutputV1 = Open({
  ...MetaV1,
  name: S,
  permissions: Strings,
  editable: B,
  isAdmin: B,
  forAdmin: B,
  forOrg: B,
  consumesLicense: B,
  extraData: ExtraData,
});

// Observable types, tags, audits --------------------------------------------------------------

const observableType = { name: S, isAttachment: B, isCaseSensitive: B };
export const ObservableTypeOutputV1 = Open({ ...MetaV1, ...observableType });
export const ObservableTypeOutputV0 = Open({ ...MetaV0, ...observableType });

export const TagOutput = Open({
  _id: S,
  _type: S,
  namespace: S,
  predicate: S,
  value: S,
  count: I,
  colour: S,
});

export const AuditOutputV1 = Open({
  _id: S,
  _type: S,
  _createdBy: S,
  _createdAt: I,
  action: S,
  requestId: S,
  rootId: NullableString,
  objectId: S,
  objectType: S,
  mainAction: B,
  details: AnyObject,
  extraData: ExtraData,
});

export const AuditOutputV0 = Open({
  _id: S,
  id: S,
  _type: S,
  operation: S,
  objectType: S,
  objectId: S,
  rootId: NullableString,
  requestId: S,
  base: B,
  details: AnyObject,
  startDate: I,
  createdAt: I,
  createdBy: S,
  user: S,
});

/** A live stream or flow element: the request's main audit (with its object) and a summary. */
export const StreamElement = Open({
  base: Open({ ...AuditOutputV0.properties, object: opt(AnyObject) }),
  summary: Type.Record(S, Type.Record(S, I)),
});

export type AttachmentOutput = Static<typeof AttachmentOutput>;
export type CustomFieldValueV1 = Static<typeof CustomFieldValueV1>;
export type CustomFieldsV0 = Static<typeof CustomFieldsV0>;
export type CustomFieldOutputV1 = Static<typeof CustomFieldOutputV1>;
export type CustomFieldOutputV0 = Static<typeof CustomFieldOutputV0>;
export type CustomFieldListItem = Static<typeof CustomFieldListItem>;
export type CaseOutputV1 = Static<typeof CaseOutputV1>;
export type CaseOutputV0 = Static<typeof CaseOutputV0>;
export type TaskOutputV1 = Static<typeof TaskOutputV1>;
export type TaskOutputV0 = Static<typeof TaskOutputV0>;
export type LogOutputV1 = Static<typeof LogOutputV1>;
export type LogOutputV0 = Static<typeof LogOutputV0>;
export type ObservableOutputV1 = Static<typeof ObservableOutputV1>;
export type ObservableOutputV0 = Static<typeof ObservableOutputV0>;
export type LinkedCaseV1 = Static<typeof LinkedCaseV1>;
export type LinkedCaseV0 = Static<typeof LinkedCaseV0>;
export type AlertOutputV1 = Static<typeof AlertOutputV1>;
export type AlertOutputV0 = Static<typeof AlertOutputV0>;
export type SimilarCaseV0 = Static<typeof SimilarCaseV0>;
export type SimilarCaseV1 = Static<typeof SimilarCaseV1>;
export type SimilarAlertV1 = Static<typeof SimilarAlertV1>;
export type TemplateTaskV1 = Static<typeof TemplateTaskV1>;
export type TemplateTaskV0 = Static<typeof TemplateTaskV0>;
export type CaseTemplateOutputV1 = Static<typeof CaseTemplateOutputV1>;
export type CaseTemplateOutputV0 = Static<typeof CaseTemplateOutputV0>;
export type UserOutputV1 = Static<typeof UserOutputV1>;
export type UserOutputV0 = Static<typeof UserOutputV0>;
export type OrganisationOutputV1 = Static<typeof OrganisationOutputV1>;
export type ProfileOutputV1 = Static<typeof ProfileOutputV1>;
export type ObservableTypeOutputV1 = Static<typeof ObservableTypeOutputV1>;
export type ObservableTypeOutputV0 = Static<typeof ObservableTypeOutputV0>;
export type TagOutput = Static<typeof TagOutput>;
export type AuditOutputV1 = Static<typeof AuditOutputV1>;
export type AuditOutputV0 = Static<typeof AuditOutputV0>;
export type StreamElement = Static<typeof StreamElement>;
