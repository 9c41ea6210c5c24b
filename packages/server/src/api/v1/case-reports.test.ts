/**
 * Case reports end to end: the built-in template over a real case (tasks and logs, observables and
 * IOCs, pages, timeline) as Markdown, HTML (case data escaped, a CSP that runs nothing) and PDF
 * (its text read back with Debian's pdftotext); organisation templates (checked when saved,
 * managed with manageCaseTemplate, invisible to other organisations); clear 4xx errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase, createTask } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'reportsoc');
const other = useOrganisation(server, 'reportother');
let kase: any;

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
  try {
    writeFileSync(path.join(dir, 'report.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function download(client: any, url: string) {
  const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${client.auth.key}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  kase = await createCase(soc.analyst, {
    title: 'Phishing <script>alert(1)</script> wave',
    description: 'Mails with a **malicious** link.',
    severity: 3,
    tlp: 2,
    tags: ['phishing'],
  });
  const task = await createTask(soc.analyst, kase._id, { title: 'Contain the mailbox' });
  const log = await soc.analyst.post(`/api/v1/task/${task._id}/log`, {
    message: 'Blocked the sender domain.',
  });
  expect(log.status, log.text).toBe(201);
  await addObservable(soc.analyst, kase._id, { dataType: 'domain', data: 'evil-phish.example', ioc: true });
  await addObservable(soc.analyst, kase._id, { dataType: 'ip', data: '198.51.100.44', ioc: false });
  const page = await soc.analyst.post(`/api/v1/case/${kase._id}/page`, {
    title: 'Lessons learnt',
    category: 'Review',
    content: 'Train the users.',
  });
  expect(page.status, page.text).toBe(201);
});

describe('case reports', () => {
  it('renders the built-in template as Markdown with the case, tasks, logs, IOCs, pages and timeline', async () => {
    const res = await soc.readOnly.get(`/api/v1/case/${kase._id}/report`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = res.text;
    expect(md).toContain(`# Case #${kase.number}: Phishing <script>alert(1)</script> wave`);
    expect(md).toContain('| Severity | HIGH |');
    expect(md).toContain('| TLP / PAP | AMBER / AMBER |');
    expect(md).toContain('### Contain the mailbox');
    expect(md).toMatch(/- \d{4}-\d{2}-\d{2}T[^ ]+ [^:]+: Blocked the sender domain\./);
    expect(md).toMatch(/## Indicators of compromise\n\n- domain: `evil-phish.example`\n/);
    expect(md).toContain('- ip: `198.51.100.44`');
    expect(md).toContain('### Lessons learnt\n\nTrain the users.');
    expect(md).toMatch(/- \S+ CaseCreated /);
  });

  it('renders HTML with the case data escaped and a policy that runs nothing', async () => {
    const res = await soc.analyst.get(`/api/v1/case/${kase._id}/report?format=html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.text).toContain('<h1>Case #');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain('<strong>malicious</strong>');
    expect(res.text).toMatch(/<table>[\s\S]*<td>Severity<\/td>\s*<td>HIGH<\/td>/);
  });

  it('renders a PDF whose text pdftotext reads back', async () => {
    const res = await download(soc.analyst, `/api/v1/case/${kase._id}/report?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="case-${kase.number}-report.pdf"`,
    );
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.bytes);
    expect(text).toContain(`Case #${kase.number}: Phishing`);
    expect(text).toContain('Contain the mailbox');
    expect(text).toContain('domain: evil-phish.example');
    expect(text).toContain('Blocked the sender domain.');
  });

  it('uses the organisation templates, checked when saved and kept to the organisation', async () => {
    const body = {
      name: 'IOC sheet',
      description: 'IOCs only',
      content: '# IOCs of case {{case.number}}\n{{#iocs}}\n- {{data}}\n{{/iocs}}',
    };
    expect((await soc.analyst.post('/api/v1/caseReportTemplate', body)).status).toBe(403);
    const created = await soc.orgAdmin.post('/api/v1/caseReportTemplate', body);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ _type: 'CaseReportTemplate', name: 'IOC sheet' });
    const again = await soc.orgAdmin.post('/api/v1/caseReportTemplate', body);
    expect(again.status).toBe(400);
    expect(again.body.type).toBe('ConflictError');
    const broken = await soc.orgAdmin.post('/api/v1/caseReportTemplate', {
      name: 'Broken',
      content: '{{#iocs}}x',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/^content: template syntax error: Unclosed section "iocs" at \d+/);
    expect(
      (await soc.orgAdmin.post('/api/v1/caseReportTemplate', { name: 'default', content: 'x' })).status,
    ).toBe(400);

    const report = await soc.analyst.get(`/api/v1/case/${kase._id}/report?template=IOC%20sheet`);
    expect(report.status, report.text).toBe(200);
    expect(report.text).toBe(`# IOCs of case ${kase.number}\n- evil-phish.example\n`);
    expect((await soc.analyst.get('/api/v1/caseReportTemplate')).body.map((t: any) => t.name)).toEqual([
      'IOC sheet',
    ]);

    const patched = await soc.orgAdmin.patch(`/api/v1/caseReportTemplate/${created.body._id}`, {
      content: 'Case {{case.number}}: {{case.severity}}',
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await soc.analyst.get(`/api/v1/case/${kase._id}/report?template=IOC%20sheet`)).text).toBe(
      `Case ${kase.number}: HIGH`,
    );

    // another organisation sees neither the template nor the case
    expect((await other.analyst.get('/api/v1/caseReportTemplate')).body).toEqual([]);
    expect((await other.orgAdmin.get(`/api/v1/caseReportTemplate/${created.body._id}`)).status).toBe(404);
    expect((await other.orgAdmin.delete(`/api/v1/caseReportTemplate/${created.body._id}`)).status).toBe(404);
    expect((await other.analyst.get(`/api/v1/case/${kase._id}/report`)).status).toBe(404);
    const theirs = await createCase(other.analyst, { title: 'Theirs' });
    const missing = await other.analyst.get(`/api/v1/case/${theirs._id}/report?template=IOC%20sheet`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Case report template IOC sheet not found');

    expect((await soc.orgAdmin.delete(`/api/v1/caseReportTemplate/${created.body._id}`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/v1/case/${kase._id}/report?template=IOC%20sheet`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/v1/case/${kase._id}/report?format=docx`)).status).toBe(400);
  });
});
