/**
 * One organisation's data for the permanent suites: a user of each profile, a case with a task, a
 * log with an attachment, observables (one a file), alerts, a case template and a stream — every
 * piece of text carrying the organisation's marker, so that a response holding another
 * organisation's data is found by searching for its marker.
 */
import { expectOk } from '../../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { multipartBody } from '../../test-support/multipart.js';
import type { TestServer } from '../../test-support/server.js';

export interface TenantIds {
  org: string;
  /** The analyst's login (a user of this organisation that is not the caller). */
  user: string;
  case: string;
  case2: string;
  task: string;
  log: string;
  observable: string;
  fileObservable: string;
  /** The file observable's attachment, and the log's. */
  attachment: string;
  logAttachment: string;
  /** SHA-256 of the file observable's content (what /api/datastore serves). */
  hash: string;
  alert: string;
  alert2: string;
  template: string;
  templateName: string;
  stream: string;
  /** A notification of the organisation (AppendToFile: no receiver needed). */
  notification: string;
  /** Collaboration: a comment, a page of the case and one of the knowledge base, a page template, a procedure, a custom event. */
  comment: string;
  page: string;
  kbPage: string;
  pageTemplate: string;
  procedure: string;
  customEvent: string;
  /** A free tag the organisation's case carries. */
  freeTag: string;
}

/** The one technique the fixtures' procedures use (the catalog is platform-wide). */
const MATRIX_CATALOG = {
  type: 'bundle',
  objects: [
    {
      type: 'attack-pattern',
      id: 'attack-pattern--matrix',
      name: 'Phishing',
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1566' }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }],
    },
  ],
};

export interface Tenant extends OrgFixture {
  marker: string;
  ids: TenantIds;
}

/** Creates organisation `name` with its users and data; `marker` is in every text it holds. */
export async function createTenant(server: TestServer, name: string, marker: string): Promise<Tenant> {
  const org = await createOrganisation(server, name);
  const a = org.analyst;
  await expectOk(
    server.admin.patch(`/api/v1/user/${org.logins.analyst}`, { name: `${marker} analyst` }),
    'analyst name',
  );
  const template = await expectOk(
    org.orgAdmin.post('/api/v1/caseTemplate', {
      name: `${marker}-template`,
      titlePrefix: `[${marker}]`,
      description: `${marker} template`,
      tasks: [{ title: `${marker} template task` }],
    }),
    'template',
  );
  const kase = await expectOk(
    a.post('/api/v1/case', {
      title: `${marker} case`,
      description: `${marker} description`,
      tags: [`${marker}-tag`],
      assignee: org.logins.analyst,
    }),
    'case',
  );
  const case2 = await expectOk(
    a.post('/api/v1/case', { title: `${marker} case 2`, description: marker }),
    'case 2',
  );
  const task = await expectOk(a.post(`/api/v1/case/${kase._id}/task`, { title: `${marker} task` }), 'task');
  const logBody = multipartBody([
    { name: '_json', value: JSON.stringify({ message: `${marker} log` }) },
    { name: 'attachment', filename: `${marker}-log.txt`, data: `${marker} log attachment` },
  ]);
  const log = await expectOk(
    a.send('POST', `/api/v1/task/${task._id}/log`, undefined, {
      raw: logBody.body,
      headers: { 'content-type': logBody.contentType },
    }),
    'log',
  );
  const [observable] = await expectOk(
    a.post(`/api/v1/case/${kase._id}/observable`, {
      dataType: 'domain',
      data: `${marker}.example`,
      ioc: true,
    }),
    'observable',
  );
  const fileBody = multipartBody([
    { name: '_json', value: JSON.stringify({ dataType: 'file', message: `${marker} file` }) },
    { name: 'attachment', filename: `${marker}-file.bin`, data: `${marker} file content ${name}` },
  ]);
  const [fileObservable] = await expectOk(
    a.send('POST', `/api/v1/case/${kase._id}/observable`, undefined, {
      raw: fileBody.body,
      headers: { 'content-type': fileBody.contentType },
    }),
    'file observable',
  );
  const alert = await expectOk(
    a.post('/api/v1/alert', {
      type: marker,
      source: marker,
      sourceRef: `${marker}-1`,
      title: `${marker} alert`,
      description: `${marker} alert description`,
      observables: [{ dataType: 'domain', data: `${marker}.example` }],
    }),
    'alert',
  );
  const alert2 = await expectOk(
    a.post('/api/v1/alert', {
      type: marker,
      source: marker,
      sourceRef: `${marker}-2`,
      title: `${marker} alert 2`,
      description: marker,
    }),
    'alert 2',
  );
  const stream = await a.post('/api/v1/stream');
  if (stream.status !== 200) throw new Error(`stream: ${stream.status} ${stream.text}`);
  const notification = await expectOk(
    org.orgAdmin.post('/api/v1/notification', {
      name: `${marker} notification`,
      trigger: { name: 'CaseCreated' },
      notifiers: [{ name: 'AppendToFile', file: `${marker}.jsonl` }],
    }),
    'notification',
  );
  await expectOk(server.admin.post('/api/v1/pattern/import/attack', MATRIX_CATALOG), 'catalog');
  const comment = await expectOk(
    a.post(`/api/v1/case/${kase._id}/comment`, { message: `${marker} comment` }),
    'comment',
  );
  const page = await expectOk(
    a.post(`/api/v1/case/${kase._id}/page`, { title: `${marker} page`, content: marker, category: marker }),
    'page',
  );
  const kbPage = await expectOk(
    org.orgAdmin.post('/api/v1/page', { title: `${marker} kb`, content: marker, category: marker }),
    'kb page',
  );
  const pageTemplate = await expectOk(
    org.orgAdmin.post('/api/v1/pageTemplate', {
      title: `${marker} page template`,
      content: marker,
      category: marker,
    }),
    'page template',
  );
  const procedure = await expectOk(
    a.post(`/api/v1/case/${kase._id}/procedure`, {
      occurDate: 1_700_000_000_000,
      patternId: 'T1566',
      description: marker,
    }),
    'procedure',
  );
  const customEvent = await expectOk(
    a.post(`/api/v1/case/${kase._id}/customEvent`, { date: 1_700_000_000_000, title: `${marker} event` }),
    'custom event',
  );
  return {
    ...org,
    marker,
    ids: {
      org: name,
      user: org.logins.analyst,
      case: kase._id,
      case2: case2._id,
      notification: notification._id,
      task: task._id,
      log: log._id,
      observable: observable._id,
      fileObservable: fileObservable._id,
      attachment: fileObservable.attachment._id,
      logAttachment: log.attachments?.[0]?._id ?? fileObservable.attachment._id,
      hash: fileObservable.attachment.id,
      alert: alert._id,
      alert2: alert2._id,
      template: template._id,
      templateName: template.name,
      stream: stream.text,
      comment: comment._id,
      page: page._id,
      kbPage: kbPage._id,
      pageTemplate: pageTemplate._id,
      procedure: procedure._id,
      customEvent: customEvent._id,
      freeTag: `${marker}-tag`,
    },
  };
}
