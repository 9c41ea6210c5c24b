/**
 * Every route plugin of every API face, registered in one place.
 * Keep one line per plugin; add new faces and areas here.
 */
import type { FastifyInstance } from 'fastify';
import type { MispService } from '../connectors/misp/misp-service.js';
import type { TaxiiPullService } from '../connectors/taxii/taxii-pull.js';
import type { Deps } from '../domain/deps.js';
import type { EventHub } from '../events/sse/event-hub.js';
import type { StreamHub } from '../events/stream/stream-hub.js';
import { dashboardRoutes } from './dashboards.js';
import { mispRoutes } from './misp.js';
import { multipartSupport } from './multipart.js';
import { sharingRoutes } from './sharing.js';
import { statusRoutes } from './status.js';
import { streamRoutes } from './stream.js';
import { taxiiRoutes } from './taxii.js';
import { taxiiConnectorRoutes } from './taxii-connector.js';
import { alertsRoutesV0 } from './v0/alerts.js';
import { artifactsRoutesV0 } from './v0/artifacts.js';
import { caseTemplatesRoutesV0 } from './v0/case-templates.js';
import { casesRoutesV0 } from './v0/cases.js';
import { configRoutesV0 } from './v0/config.js';
import { customFieldsRoutesV0 } from './v0/custom-fields.js';
import { datastoreRoutesV0 } from './v0/datastore.js';
import { logsRoutesV0 } from './v0/logs.js';
import { observableTypesRoutesV0 } from './v0/observable-types.js';
import { searchRoutesV0 } from './v0/search.js';
import { sessionRoutesV0 } from './v0/session.js';
import { tagsRoutesV0 } from './v0/tags.js';
import { tasksRoutesV0 } from './v0/tasks.js';
import { alertsRoutesV1 } from './v1/alerts.js';
import { attachmentsRoutesV1 } from './v1/attachments.js';
import { authRoutesV1 } from './v1/auth.js';
import { caseArchiveRoutesV1 } from './v1/case-archive.js';
import { caseLinksRoutesV1 } from './v1/case-links.js';
import { caseReportRoutesV1 } from './v1/case-reports.js';
import { caseStixRoutesV1 } from './v1/case-stix.js';
import { caseTemplatesRoutesV1 } from './v1/case-templates.js';
import { casesRoutesV1 } from './v1/cases.js';
import { commentsRoutesV1 } from './v1/comments.js';
import { customFieldsRoutesV1 } from './v1/custom-fields.js';
import { discoveryRoutes } from './v1/discovery.js';
import { eventsRoutesV1 } from './v1/events.js';
import { exportRoutesV1 } from './v1/export.js';
import { feedersRoutesV1 } from './v1/feeders.js';
import { logsRoutesV1 } from './v1/logs.js';
import { notificationsRoutesV1 } from './v1/notifications.js';
import { observableToolsRoutesV1 } from './v1/observable-tools.js';
import { observableTypesRoutesV1 } from './v1/observable-types.js';
import { observablesRoutesV1 } from './v1/observables.js';
import { organisationsRoutesV1 } from './v1/organisations.js';
import { pagesRoutesV1 } from './v1/pages.js';
import { patternsRoutesV1 } from './v1/patterns.js';
import { preferenceRoutesV1 } from './v1/preferences.js';
import { proceduresRoutesV1 } from './v1/procedures.js';
import { profilesRoutesV1 } from './v1/profiles.js';
import { queryRoutesV1 } from './v1/query.js';
import { ssoRoutesV1 } from './v1/sso.js';
import { statusesRoutesV1 } from './v1/statuses.js';
import { stixExportRoutesV1 } from './v1/stix-export.js';
import { stixImportRoutesV1 } from './v1/stix-import.js';
import { tagsRoutesV1 } from './v1/tags.js';
import { tasksRoutesV1 } from './v1/tasks.js';
import { taxonomiesRoutesV1 } from './v1/taxonomies.js';
import { timelineRoutesV1 } from './v1/timeline.js';
import { userConfigRoutes } from './v1/user-config.js';
import { usersRoutesV1 } from './v1/users.js';
import { workflowsRoutesV1 } from './v1/workflows.js';

export async function registerRoutes(
  app: FastifyInstance,
  deps: Deps,
  stream: StreamHub,
  events: EventHub,
  misp: MispService,
  taxiiPull: TaxiiPullService,
): Promise<void> {
  // multipart/form-data parsing for every route (register before the routes)
  await app.register(multipartSupport(deps));
  await app.register(statusRoutes(deps));
  // live stream and flow: the same routes and shapes on both versions
  await app.register(streamRoutes(deps, stream), { prefix: '/api' });
  await app.register(streamRoutes(deps, stream), { prefix: '/api/v1' });
  // sharing between organisations: the same routes and shapes on both versions
  await app.register(sharingRoutes(deps), { prefix: '/api' });
  await app.register(sharingRoutes(deps), { prefix: '/api/v1' });
  await app.register(dashboardRoutes(deps, 'v1'), { prefix: '/api/v1' });
  await app.register(dashboardRoutes(deps, 'v0'), { prefix: '/api' });
  // MISP connector: the same routes on both versions
  await app.register(mispRoutes(misp, deps, 'v0'), { prefix: '/api' });
  await app.register(mispRoutes(misp, deps, 'v1'), { prefix: '/api/v1' });
  // v1: TheHive 5 wire format
  await app.register(authRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(ssoRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(usersRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(preferenceRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(organisationsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(profilesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(queryRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(discoveryRoutes(deps), { prefix: '/api/v1' });
  await app.register(discoveryRoutes(deps), { prefix: '/api' });
  await app.register(exportRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(userConfigRoutes(deps), { prefix: '/api/v1' });
  await app.register(userConfigRoutes(deps), { prefix: '/api' });
  await app.register(casesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(caseStixRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(stixImportRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(stixExportRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(caseReportRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(taxiiRoutes(deps));
  await app.register(taxiiConnectorRoutes(taxiiPull), { prefix: '/api/v1' });
  await app.register(tasksRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(logsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(observablesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(observableTypesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(customFieldsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(caseTemplatesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(tagsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(alertsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(notificationsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(eventsRoutesV1(deps, events), { prefix: '/api/v1' });
  await app.register(feedersRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(workflowsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(attachmentsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(observableToolsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(caseArchiveRoutesV1(deps), { prefix: '/api/v1' });
  // v1 collaboration (TheHive 5): docs/collaboration.md
  await app.register(commentsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(pagesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(patternsRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(proceduresRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(timelineRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(caseLinksRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(taxonomiesRoutesV1(deps), { prefix: '/api/v1' });
  await app.register(statusesRoutesV1(deps), { prefix: '/api/v1' });
  // v0: TheHive 3/4 wire format
  await app.register(sessionRoutesV0(deps), { prefix: '/api' });
  await app.register(casesRoutesV0(deps), { prefix: '/api' });
  await app.register(tasksRoutesV0(deps), { prefix: '/api' });
  await app.register(logsRoutesV0(deps), { prefix: '/api' });
  await app.register(artifactsRoutesV0(deps), { prefix: '/api' });
  await app.register(observableTypesRoutesV0(deps), { prefix: '/api' });
  await app.register(datastoreRoutesV0(deps), { prefix: '/api' });
  await app.register(customFieldsRoutesV0(deps), { prefix: '/api' });
  await app.register(caseTemplatesRoutesV0(deps), { prefix: '/api' });
  await app.register(tagsRoutesV0(deps), { prefix: '/api' });
  await app.register(alertsRoutesV0(deps), { prefix: '/api' });
  await app.register(searchRoutesV0(deps), { prefix: '/api' });
  await app.register(configRoutesV0(deps), { prefix: '/api' });
}
