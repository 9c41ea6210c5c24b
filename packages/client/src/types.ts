/**
 * The wire types of the v1 API, all from @propolis/core (wire/inputs.ts, wire/outputs.ts...): the
 * schemas the server validates requests with and describes its answers with, as `Static<>` types.
 * The Input / Output names are this client's, kept for its users.
 */
import type { AlertBodyV1, BulkUpdateObservableBody, CaseBodyV1, TaskBodyV1 } from '@propolis/core';

/** A new case: the v1 case body, with its title. */
export type InputCase = Omit<CaseBodyV1, 'addTags' | 'removeTags'> & { title: string };
export type InputUpdateCase = Omit<CaseBodyV1, 'caseTemplate' | 'tasks'>;
/** A new task: the v1 task body, with its title. */
export type InputTask = TaskBodyV1 & { title: string };
export type InputBulkUpdateObservable = Omit<BulkUpdateObservableBody, 'ids'>;
/** A new alert: type, source and sourceRef identify it (duplicates are refused). */
export type InputAlert = AlertBodyV1 & { type: string; source: string; sourceRef: string; title: string };

// The core types under this client's names.
export type {
  AlertOutputV1 as OutputAlert,
  AlertUpdateBodyV1 as InputUpdateAlert,
  AttachmentOutput as OutputAttachment,
  AuditOutputV1 as OutputAudit,
  CaseOutputV1 as OutputCase,
  CaseTemplateBodyV1 as InputCaseTemplate,
  CaseTemplateOutputV1 as OutputCaseTemplate,
  CaseTemplateUpdateV1 as InputUpdateCaseTemplate,
  ConnectorActionBody as InputResponderAction,
  ConnectorJobBody as InputAnalyzerJob,
  // a new observable: `data` (one value or several), or a file given beside it
  CreateObservableRequest as InputObservable,
  CreateObservableTypeBody as InputObservableType,
  CreateUserBody as InputUser,
  CustomFieldBody as InputCustomField,
  CustomFieldOutputV1 as OutputCustomField,
  CustomFieldUpdateBody as InputUpdateCustomField,
  DeliveryOutputV1 as OutputDelivery,
  FeederBody as InputFeeder,
  FeederFailureOutput as OutputFeederFailure,
  FeederOutput as OutputFeeder,
  FeederWebhookOutput as OutputFeederWebhook,
  LinkedCaseV1 as OutputLinkedCase,
  LogBody as InputLog,
  LoginBody as InputLogin,
  LogOutputV1 as OutputLog,
  LogUpdateBody as InputUpdateLog,
  NotificationBodyV1 as InputNotification,
  NotificationOutputV1 as OutputNotification,
  NotificationUpdateBodyV1 as InputUpdateNotification,
  ObservableOutputV1 as OutputObservable,
  ObservableTypeOutputV1 as OutputObservableType,
  OrganisationBody as InputOrganisation,
  OrganisationOutputV1 as OutputOrganisation,
  ProfileBody as InputProfile,
  ProfileOutputV1 as OutputProfile,
  PublicStatusOutput as OutputPublicStatus,
  SimilarAlertV1 as OutputSimilarAlert,
  SimilarCaseV1 as OutputSimilarCase,
  StatusOutput as OutputStatus,
  TagOutput as OutputTag,
  TaskBodyV1 as InputUpdateTask,
  TaskOutputV1 as OutputTask,
  UpdateObservableBody as InputUpdateObservable,
  UpdateUserBody as InputUpdateUser,
  UserOutputV1 as OutputUser,
  WorkflowDryRunOutput as OutputWorkflowDryRun,
  WorkflowOutput as OutputWorkflow,
} from '@propolis/core';
