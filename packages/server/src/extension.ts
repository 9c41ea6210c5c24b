/**
 * What parts of Propolis built in other packages (the analysis engine, packages/analysis) build on:
 * storage and transactions, the request context and permissions, the audit outbox, attachments,
 * observables, and the commands that responders' operations call. Exported as
 * `@propolis/server/extension`; the public API of the package stays in index.ts.
 */

export { formatId, parseId } from '@propolis/core';
export { installInputGuard } from './api/input-guard.js';
export { isMultipartRequest, readMultipart, type UploadedFile } from './api/multipart.js';
export { renderAlertsV0 } from './api/presenters/alert-render.js';
export { renderCasesV0 } from './api/presenters/case-render.js';
export { logV0 } from './api/presenters/log.js';
export { observableV0, observableV1 } from './api/presenters/observable.js';
export { taskV0 } from './api/presenters/task.js';
export { ctx, installAuthentication } from './api/request-context.js';
export { datastoreRoutesV0 } from './api/v0/datastore.js';
export { baseApp, type PropolisExtension } from './app.js';
export type { Actor } from './auth/actor.js';
export { type BlobHashes, blobStore, hashBytes, isSha256 } from './blobs/blob-store.js';
export { unzipEntries } from './blobs/zip.js';
export type { Config } from './config.js';
export type { Dialect, Storage } from './db/database.js';
export { findAttachment } from './db/repositories/attachments.js';
export { findCase } from './db/repositories/cases.js';
// Commands the operations of analyzer and responder reports call (as the user who ran the job)
export { userByLogin } from './db/repositories/credentials.js';
export { findObservable, type ObservableRow, updateObservable } from './db/repositories/observables.js';
export type { Database } from './db/schema.js';
export type { Scope } from './db/scope.js';
export { getAlert } from './domain/alerts/read-alerts.js';
export { alertAction, updateAlert } from './domain/alerts/update-alert.js';
export { storeAttachment } from './domain/attachments/store-attachment.js';
// TheHive entities in their v0 shape: what responders receive as `data`
export { getCase } from './domain/cases/read-cases.js';
export { updateCase } from './domain/cases/update-case.js';
export {
  ADMIN_ORGANISATION,
  createdNow,
  hasPermission,
  type RequestContext,
  requirePermission,
  scopeOf,
} from './domain/context.js';
export { type Deps, inTransaction } from './domain/deps.js';
export { createLog } from './domain/logs/create-log.js';
export { getLog } from './domain/logs/update-log.js';
export { createObservables } from './domain/observables/create-observables.js';
export { rootOf, visibleObservable } from './domain/observables/guards.js';
export { type ObservableView, observableViews } from './domain/observables/observable-view.js';
export { updateObservable as updateObservableCommand } from './domain/observables/update-observable.js';
export {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from './domain/organisations/organisations.js';
export { createTasks } from './domain/tasks/create-tasks.js';
export { getTask } from './domain/tasks/read-tasks.js';
export { updateTask } from './domain/tasks/update-task.js';
export { getApiKey, renewApiKey, revokeApiKey, setApiKey } from './domain/users/api-key.js';
export { createUser } from './domain/users/create-user.js';
export { changePassword, setPassword } from './domain/users/passwords.js';
// Users and organisations, shown by the Cortex API as Cortex's users and organizations
export { getUser, listUsers } from './domain/users/read-users.js';
export { updateUser } from './domain/users/update-user.js';
export type { UserView } from './domain/users/user-view.js';
export type { AnalysisPort, AnalysisRunSummary, AnalysisTarget } from './domain/workflows/analysis-port.js';
export { type AuditEntry, appendAudit } from './events/audit.js';
export { VERSION } from './version.js';
