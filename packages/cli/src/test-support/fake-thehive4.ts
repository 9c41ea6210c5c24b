/**
 * A stand-in for a TheHive 4 server (it cannot run here): it answers the calls
 * `migrate-from-thehive` makes with TheHive 4's shapes (reference thehive-api.md: v1 outputs with
 * `~id`s, `_createdAt`/`_updatedAt`, attachments `{name, hashes, size, contentType, id}`), and, as
 * TheHive 4 does, has no v1 listing route for custom fields and observable types (the command falls
 * back to the v0 routes) and serves files from the v0 datastore only. Its catalog has two ATT&CK
 * techniques, its case one TTP (TheHive 4 has TTPs on cases, not on alerts: the `procedures` step of
 * an alert is refused), its alert was imported into the case (`caseId`), and it has one shared
 * dashboard whose definition is JSON text (TheHive 4's v1 output).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

type Json = Record<string, unknown>;

const now = 1_700_000_000_000;
const meta = (id: string, type: string, extra: Json = {}) => ({
  _id: id,
  _type: type,
  _createdBy: 'admin@thehive.local',
  _createdAt: now,
  ...extra,
});
const FILE = Buffer.from('TheHive 4 attachment bytes');
const attachment = {
  name: 'report.txt',
  hashes: ['aa', 'bb', 'cc'],
  size: FILE.length,
  contentType: 'text/plain',
  id: 'f4a1',
};

export interface FakeTheHive {
  url: string;
  /** Changes the case title (and its `_updatedAt`), as an analyst would. */
  renameCase(title: string): void;
  close(): Promise<void>;
  requests: string[];
}

async function body(req: IncomingMessage): Promise<Json> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Json) : {};
}

export async function startFakeTheHive4(key: string): Promise<FakeTheHive> {
  const kase: Json = meta('~4100', 'Case', {
    number: 7,
    title: 'TH4 intrusion',
    description: 'from TheHive 4',
    severity: 3,
    startDate: now,
    tags: ['th4'],
    flag: false,
    tlp: 2,
    pap: 2,
    status: 'Open',
    customFields: [
      { name: 'ticket', value: 'INC-7', order: 0, type: 'string', description: '', displayName: 'ticket' },
    ],
    extraData: {},
  });
  const task = meta('~4200', 'Task', {
    title: 'Scope',
    group: 'default',
    status: 'InProgress',
    flag: false,
    order: 0,
  });
  const log = meta('~4300', 'Log', {
    message: 'a note',
    date: now,
    attachment,
    owner: 'admin@thehive.local',
  });
  const caseObservable = meta('~4400', 'Observable', {
    dataType: 'file',
    attachment,
    tlp: 2,
    ioc: false,
    sighted: false,
    tags: [],
    message: 'the report',
  });
  const ip = meta('~4401', 'Observable', {
    dataType: 'ip',
    data: '192.0.2.44',
    tlp: 2,
    ioc: true,
    sighted: true,
    tags: ['scan'],
  });
  const alert = meta('~4500', 'Alert', {
    type: 'external',
    source: 'instance1',
    sourceRef: 'alert-ref',
    title: 'Other alert',
    description: 'alert description',
    severity: 3,
    tlp: 3,
    pap: 2,
    date: now,
    tags: [],
    customFields: [],
    status: 'Imported',
    follow: true,
    caseId: '~4100',
  });
  const procedure = meta('~4600', 'Procedure', {
    patternId: 'T1059.001',
    patternName: 'PowerShell',
    occurDate: now - 3_600_000,
    tactic: 'execution',
    tacticLabel: 'Execution',
    description: 'a PowerShell dropper',
  });
  const pattern = (patternId: string, name: string) =>
    meta(`~47${patternId.length}`, 'Pattern', {
      patternId,
      name,
      description: `${name} (ATT&CK)`,
      tactics: ['execution'],
      url: `https://attack.mitre.org/techniques/${patternId.replace('.', '/')}`,
      patternType: 'attack-pattern',
      revoked: false,
      dataSources: [],
      defenseBypassed: [],
      permissionsRequired: ['User'],
      platforms: ['Windows'],
      remoteSupport: false,
      systemRequirements: [],
      version: '1.2',
    });
  const dashboard = meta('~4800', 'Dashboard', {
    _createdBy: 'bob@org1.test',
    title: 'Open cases',
    description: 'cases by status',
    status: 'Shared',
    writable: true,
    definition: JSON.stringify({
      period: 'all',
      items: [
        {
          type: 'container',
          items: [{ id: 'w1', type: 'donut', options: { title: 'Status', entity: 'case', field: 'status' } }],
        },
      ],
    }),
  });
  const alertObservable = meta('~4501', 'Observable', {
    dataType: 'domain',
    data: 'thehive-project.org',
    tags: ['home', 'TheHive'],
    tlp: 2,
    ioc: false,
    sighted: false,
  });
  const requests: string[] = [];

  const steps: Record<string, (org: string | undefined) => Json[]> = {
    listOrganisation: () => [
      meta('~1', 'Organisation', { name: 'admin', description: 'admin' }),
      meta('~2', 'Organisation', { name: 'ORG1', description: 'first org' }),
    ],
    listProfile: () => [
      meta('~10', 'Profile', { name: 'analyst', permissions: ['manageCase', 'manageTask'], editable: true }),
      meta('~11', 'Profile', {
        name: 'incident-handler',
        permissions: ['manageAlert', 'manageCase', 'manageObservable', 'manageTask'],
        editable: true,
      }),
    ],
    listUser: () => [
      meta('~20', 'User', {
        login: 'admin@thehive.local',
        name: 'Admin',
        organisation: 'admin',
        profile: 'admin',
        organisations: [{ organisation: 'admin', profile: 'admin' }],
      }),
      meta('~21', 'User', {
        login: 'bob@org1.test',
        name: 'Bob',
        organisation: 'ORG1',
        profile: 'incident-handler',
        organisations: [{ organisation: 'ORG1', profile: 'incident-handler' }],
      }),
    ],
    listObservableType: () => [
      meta('~30', 'ObservableType', { name: 'ip', isAttachment: false }),
      meta('~31', 'ObservableType', { name: 'th4-hash', isAttachment: false }),
    ],
    listCase: (org) => (org === 'ORG1' ? [kase] : []),
    listCaseTemplate: (org) =>
      org === 'ORG1'
        ? [
            meta('~40', 'CaseTemplate', {
              name: 'th4-template',
              titlePrefix: '[TH4]',
              tasks: [{ title: 'Look' }],
              customFields: [],
            }),
          ]
        : [],
    listAlert: (org) => (org === 'ORG1' ? [alert] : []),
    listPattern: () => [
      pattern('T1059', 'Command and Scripting Interpreter'),
      pattern('T1059.001', 'PowerShell'),
    ],
    listDashboard: (org) => (org === 'ORG1' ? [dashboard] : []),
  };
  const children: Record<string, Json[]> = {
    '~4100/tasks': [task],
    '~4100/observables': [caseObservable, ip],
    '~4200/logs': [log],
    '~4500/observables': [alertObservable],
    '~4100/procedures': [procedure],
  };

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
    };
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    if (req.headers.authorization !== `Bearer ${key}`)
      return send(401, { type: 'AuthenticationError', message: 'bad key' });
    const org = req.headers['x-organisation'] as string | undefined;
    if (req.method === 'GET' && url === '/api/status')
      return send(200, { versions: { TheHive: '4.1.24-1' } });
    if (req.method === 'GET' && url === '/api/customField')
      return send(200, [
        {
          reference: 'ticket',
          name: 'ticket',
          type: 'string',
          description: 'ticket number',
          options: [],
          mandatory: false,
        },
      ]);
    if (req.method === 'GET' && url === `/api/datastore/${attachment.id}`)
      return send(200, FILE, 'application/octet-stream');
    if (req.method === 'POST' && url.startsWith('/api/v1/query')) {
      const { query } = (await body(req)) as { query: Array<{ _name: string; idOrName?: string }> };
      const [first, second] = query;
      if (first?._name === 'getAlert' && second?._name === 'procedures')
        return send(400, { type: 'BadRequest', message: 'Invalid query: unknown step procedures' });
      if (first?._name === 'getCase' || first?._name === 'getTask' || first?._name === 'getAlert')
        return send(200, children[`${first.idOrName}/${second?._name}`] ?? []);
      const step = first && steps[first._name];
      if (!step) return send(400, { type: 'BadRequest', message: `unknown query ${first?._name}` });
      return send(200, step(org));
    }
    send(404, { type: 'NotFoundError', message: `${req.method} ${url} not found` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    renameCase(title) {
      kase.title = title;
      kase._updatedAt = now + 1000;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
