/**
 * The wire types of the v1 API, all from @propolis/core (wire/inputs.ts, wire/outputs.ts...): the
 * schemas the server validates requests with and describes its answers with, as `Static<>` types.
 * The Input / Output names are this client's, kept for its users.
 */
import type {
  AlertBodyV1,
  AlertOutputV1,
  AlertUpdateBodyV1,
  AttachmentOutput,
  AuditOutputV1,
  BulkUpdateObservableBody,
  CaseBodyV1,
  CaseOutputV1,
  CaseTemplateOutputV1,
  CreateObservableRequest,
  CreateUserBody,
  CustomFieldOutputV1,
  LinkedCaseV1,
  LogBody,
  LogOutputV1,
  LogUpdateBody,
  ObservableOutputV1,
  ObservableTypeOutputV1,
  OrganisationOutputV1,
  ProfileOutputV1,
  SimilarAlertV1,
  SimilarCaseV1,
  TagOutput,
  TaskBodyV1,
  TaskOutputV1,
  UpdateObservableBody,
  UserOutputV1,
} from '@propolis/core';

export type OutputUser = UserOutputV1;
export type OutputOrganisation = OrganisationOutputV1;
export type OutputProfile = ProfileOutputV1;
export type OutputCase = CaseOutputV1;
export type OutputTask = TaskOutputV1;
export type OutputAttachment = AttachmentOutput;
export type OutputLog = LogOutputV1;
export type OutputObservable = ObservableOutputV1;
export type OutputAlert = AlertOutputV1;
export type OutputLinkedCase = LinkedCaseV1;
export type OutputSimilarCase = SimilarCaseV1;
export type OutputSimilarAlert = SimilarAlertV1;
export type OutputCaseTemplate = CaseTemplateOutputV1;
export type OutputCustomField = CustomFieldOutputV1;
export type OutputObservableType = ObservableTypeOutputV1;
export type OutputAudit = AuditOutputV1;
export type OutputTag = TagOutput;

export type InputUser = CreateUserBody;
/** A new case: the v1 case body, with its title. */
export type InputCase = Omit<CaseBodyV1, 'addTags' | 'removeTags'> & { title: string };
export type InputUpdateCase = Omit<CaseBodyV1, 'caseTemplate' | 'tasks'>;
/** A new task: the v1 task body, with its title. */
export type InputTask = TaskBodyV1 & { title: string };
export type InputUpdateTask = TaskBodyV1;
/** A new observable: `data` (one value or several), or a file given beside it. */
export type InputObservable = CreateObservableRequest;
export type InputUpdateObservable = UpdateObservableBody;
export type InputBulkUpdateObservable = Omit<BulkUpdateObservableBody, 'ids'>;
/** A new alert: type, source and sourceRef identify it (duplicates are refused). */
export type InputAlert = AlertBodyV1 & { type: string; source: string; sourceRef: string; title: string };
export type InputUpdateAlert = AlertUpdateBodyV1;
export type InputLog = LogBody;
export type InputUpdateLog = LogUpdateBody;

// Administration, notifications, feeders, analysis: the core types under this client's names.
export type {
  CaseTemplateBodyV1 as InputCaseTemplate,
  CaseTemplateUpdateV1 as InputUpdateCaseTemplate,
  ConnectorActionBody as InputResponderAction,
  ConnectorJobBody as InputAnalyzerJob,
  CreateObservableTypeBody as InputObservableType,
  CustomFieldBody as InputCustomField,
  CustomFieldUpdateBody as InputUpdateCustomField,
  DeliveryOutputV1 as OutputDelivery,
  FeederBody as InputFeeder,
  FeederFailureOutput as OutputFeederFailure,
  FeederOutput as OutputFeeder,
  FeederWebhookOutput as OutputFeederWebhook,
  LoginBody as InputLogin,
  NotificationBodyV1 as InputNotification,
  NotificationOutputV1 as OutputNotification,
  NotificationUpdateBodyV1 as InputUpdateNotification,
  OrganisationBody as InputOrganisation,
  ProfileBody as InputProfile,
  PublicStatusOutput as OutputPublicStatus,
  StatusOutput as OutputStatus,
  UpdateUserBody as InputUpdateUser,
  WorkflowDryRunOutput as OutputWorkflowDryRun,
  WorkflowOutput as OutputWorkflow,
} from '@propolis/core';
