/**
 * @propolis/client: the typed client of the Propolis API, for browsers and Node 20+.
 * Node-only helpers (files from paths, saving downloads) are in `@propolis/client/node`.
 */
export { type ClientOptions, DEFAULT_TIMEOUT_MS, PropolisClient, type QueryNamespace } from './client.js';
export { type CustomFieldInput, cf, customFields, customFieldValue } from './custom-fields.js';
export { Download, dispositionName } from './download.js';
export { AlertStatus, CaseStatus, ImpactStatus, Pap, Severity, TaskStatus, Tlp } from './enums.js';
export {
  PropolisApiError,
  PropolisClientError,
  PropolisNetworkError,
  PropolisTimeoutError,
} from './errors.js';
export {
  and,
  any,
  between,
  endsWith,
  eq,
  F,
  type Filter,
  gt,
  gte,
  has,
  id,
  inValues,
  like,
  lt,
  lte,
  match,
  ne,
  not,
  or,
  startsWith,
} from './filter.js';
export {
  asc,
  desc,
  Finder,
  type FindOptions,
  type IterateOptions,
  MAX_PAGE_SIZE,
  type PageSpec,
  page,
  type QueryStep,
  type SortDirection,
  type SortSpec,
} from './query.js';
export type { CreateAlertOptions, GetAlertOptions } from './resources/alert.js';
export type { AnalysisJob, AnalysisWorker, ResponderTarget } from './resources/analysis.js';
export type { CaseImportSettings, StixBundle } from './resources/case.js';
export { type AuditEvent, parseEventStream, type SubscribeOptions } from './resources/events.js';
export type {
  StixExportSource,
  TaxiiPullResult,
  TaxiiRemoteStatus,
} from './resources/intel.js';
export type { MispServerStatus, MispStatus } from './resources/misp.js';
export type { NotificationInput, NotificationUpdateInput } from './resources/notification.js';
export type { DownloadOptions } from './resources/observable.js';
export type { LoginInput } from './resources/session.js';
export type { RetryOptions } from './retry.js';
export type { CallOptions, RawRequest, RawResponse } from './transport.js';
export type * from './types.js';
export { type FileData, type FileUpload, toBlob } from './upload.js';
