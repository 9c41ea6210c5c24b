#!/usr/bin/env node
/**
 * Screenshots of each screen in both themes for docs/ui.md, into docs/ui/screenshots/.
 * Run after `npm run build`: node packages/web/scripts/screenshots.mjs
 * It starts the built `propolis serve` on a temporary SQLite folder, seeds it through the API, and
 * drives Debian's Chromium (CHROMIUM_PATH to use another). With `pngquant` installed (Debian's
 * package), each PNG is then reduced to a 256-colour palette, keeping the files small.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { ALERTS_PER_DAY_ROW } from './daily-board.mjs';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const out = path.join(repo, 'docs/ui/screenshots');
const port = 9400 + Math.floor(Math.random() * 500);
const url = `http://127.0.0.1:${port}`;
const password = 'screenshots-admin-1';
const dataDir = mkdtempSync(path.join(tmpdir(), 'propolis-shots-'));
mkdirSync(out, { recursive: true });
// the organisation "guarded" requires a second factor: its member gets the set-up screen (QR code)
const configFile = path.join(dataDir, 'propolis.yaml');
writeFileSync(
  configFile,
  'auth:\n  policy:\n    organisations:\n      guarded:\n        mfaRequired: true\n',
);

const server = spawn(process.execPath, [path.join(repo, 'packages/cli/dist/propolis.mjs'), 'serve'], {
  env: {
    ...process.env,
    PROPOLIS_PORT: String(port),
    PROPOLIS_DATA_DIR: dataDir,
    PROPOLIS_CONFIG: configFile,
    PROPOLIS_ADMIN_PASSWORD: password,
    PROPOLIS_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const basic = `Basic ${Buffer.from(`admin@thehive.local:${password}`).toString('base64')}`;
async function api(method, p, body, auth = basic, org) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: {
      authorization: auth,
      'content-type': 'application/json',
      ...(org ? { 'x-organisation': org } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** An organisation and its one analyst (signed in with `password`); answers the analyst's Basic auth. */
async function orgWithAnalyst(org, description, login, name, password) {
  await api('POST', '/api/v1/organisation', { name: org, description });
  await api('POST', '/api/v1/user', { login, name, profile: 'analyst', organisation: org, password });
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}

try {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/api/health`);
      break;
    } catch {
      if (i > 100) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const ana = await orgWithAnalyst(
    'soc',
    'Security operations',
    'ana@soc.test',
    'Ana Analyst',
    'ana-password-1',
  );
  /** A dashboard Ana shares with the organisation, over all time, of the given rows of widgets. */
  const sharedDashboard = (title, items) =>
    api('POST', '/api/v1/dashboard', { title, status: 'Shared', definition: { period: 'all', items } }, ana);
  await api('POST', '/api/v1/customField', {
    name: 'businessUnit',
    displayName: 'Business unit',
    description: 'Who is affected',
    type: 'string',
  });
  const sources = ['suricata', 'wazuh', 'mail-gateway', 'edr'];
  for (let n = 1; n <= 40; n++) {
    await api(
      'POST',
      '/api/v1/alert',
      {
        type: n % 3 ? 'network' : 'email',
        source: sources[n % 4],
        sourceRef: `evt-${1000 + n}`,
        title:
          n % 3 ? `Outbound connection to rare domain #${n}` : `Reported phishing from vendor-${n}.example`,
        description: `Detected by **${sources[n % 4]}**.\n\n| field | value |\n|---|---|\n| host | ws-${n} |`,
        severity: (n % 4) + 1,
        date: Date.UTC(2026, 11, 5, 8, n),
        tags: n % 2 ? ['external'] : ['internal'],
        customFields: { businessUnit: n % 2 ? 'Finance' : 'R&D' },
        observables: [
          { dataType: 'domain', data: `rare-${n}.example` },
          { dataType: 'ip', data: `198.51.100.${n}` },
          // every fifth alert also holds the sender's address, as the case does: similar alerts and cases
          ...(n % 5 === 0 ? [{ dataType: 'mail', data: 'billing@vendor-3.example', ioc: n === 35 }] : []),
          ...(n % 10 === 0 ? [{ dataType: 'domain', data: 'vendor-3.example' }] : []),
        ],
      },
      ana,
    );
  }
  const c = await api(
    'POST',
    '/api/v1/case',
    {
      title: 'Phishing wave against finance',
      description: 'Several users reported the same sender.\n\n- block the sender\n- reset passwords',
      severity: 3,
      tags: ['phishing'],
    },
    ana,
  );
  const task = await api(
    'POST',
    `/api/v1/case/${c._id}/task`,
    { title: 'Block the sender', assignee: 'ana@soc.test' },
    ana,
  );
  await api('POST', `/api/v1/case/${c._id}/task`, { title: 'Reset passwords' }, ana);
  await api(
    'POST',
    `/api/v1/task/${task._id}/log`,
    { message: 'Blocked at the gateway: **done** at 09:12 UTC.' },
    ana,
  );
  await api(
    'POST',
    `/api/v1/case/${c._id}/observable`,
    { dataType: 'mail', data: 'billing@vendor-3.example', ioc: true },
    ana,
  );

  // collaboration: a comment, a page, techniques, a custom event, a dashboard
  await api(
    'POST',
    `/api/v1/case/${c._id}/comment`,
    { message: 'The sender domain was registered **yesterday**.' },
    ana,
  );
  await api(
    'POST',
    `/api/v1/case/${c._id}/page`,
    {
      title: 'Containment plan',
      category: 'Response',
      content: '## Steps\n\n1. Block the sender\n2. Purge the mails\n3. Reset passwords',
    },
    ana,
  );
  await api('POST', '/api/v1/pattern/import/attack', {
    type: 'bundle',
    id: 'bundle--screenshots',
    objects: [
      ['T1566', 'Phishing', 'initial-access'],
      ['T1078', 'Valid Accounts', 'defense-evasion'],
      ['T1114', 'Email Collection', 'collection'],
    ].map(([id, name, tactic]) => ({
      type: 'attack-pattern',
      id: `attack-pattern--${id}`,
      name,
      external_references: [{ source_name: 'mitre-attack', external_id: id }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
    })),
  });
  for (const [patternId, minute] of [
    ['T1566', 1],
    ['T1078', 30],
    ['T1114', 45],
  ])
    await api(
      'POST',
      `/api/v1/case/${c._id}/procedure`,
      { patternId, occurDate: Date.UTC(2026, 11, 5, 8, minute) },
      ana,
    );
  await api(
    'POST',
    `/api/v1/case/${c._id}/customEvent`,
    { title: 'First user report', date: Date.UTC(2026, 11, 5, 8, 5) },
    ana,
  );
  const board = await sharedDashboard('SOC overview', [
    {
      type: 'container',
      items: [
        { id: 'a', type: 'counter', options: { title: 'Alerts', entity: 'alert' } },
        {
          id: 'b',
          type: 'donut',
          options: { title: 'Alerts by source', entity: 'alert', field: 'source' },
        },
      ],
    },
    {
      type: 'container',
      items: [
        {
          id: 'c',
          type: 'bar',
          options: { title: 'Alerts per hour by type', entity: 'alert', field: 'type', interval: '1h' },
        },
      ],
    },
  ]);
  const [previewed] = await api(
    'POST',
    '/api/v1/query',
    {
      query: [{ _name: 'listAlert' }, { _name: 'filter', _eq: { _field: 'sourceRef', _value: 'evt-1040' } }],
    },
    ana,
  );
  await api(
    'POST',
    `/api/v1/alert/${previewed._id}/comment`,
    { message: 'Same sender as the **finance** wave; merging.' },
    ana,
  );
  await api(
    'POST',
    `/api/v1/alert/${previewed._id}/procedure`,
    { patternId: 'T1566', occurDate: Date.UTC(2026, 11, 5, 8, 40) },
    ana,
  );
  const widgets = await sharedDashboard('Triage load', [
    {
      type: 'container',
      items: [
        { id: 'g', type: 'gauge', options: { title: 'Alerts to triage', entity: 'alert', max: 100 } },
        {
          id: 't',
          type: 'table',
          options: { title: 'Alerts by source', entity: 'alert', field: 'source' },
        },
        {
          id: 'r',
          type: 'radar',
          options: { title: 'Alerts by severity', entity: 'alert', field: 'severity' },
        },
      ],
    },
    {
      type: 'container',
      items: [
        {
          id: 'm',
          type: 'multiline',
          options: {
            title: 'Alerts per hour by source',
            entity: 'alert',
            field: 'source',
            interval: '1h',
          },
        },
        {
          id: 'x',
          type: 'text',
          options: { title: 'On call', template: '**Ana** until 18:00 UTC, then the night shift.' },
        },
      ],
    },
  ]);
  await api(
    'POST',
    '/api/v1/view',
    { entity: 'alert', name: 'Phishing, unassigned', status: 'Shared', filters: { q: 'phishing' } },
    ana,
  );
  await api('POST', '/api/v1/view', { entity: 'alert', name: 'High severity', filters: {} }, ana);
  // an organisation with alerts over 1,050 days (one a day, every fifth ignored): a daily histogram
  // of them is more than the server's 1,000 buckets, so the widget asks by week and says so
  const rita = await orgWithAnalyst(
    'archive',
    'Years of alerts',
    'rita@archive.test',
    'Rita Records',
    'rita-password-1',
  );
  const DAY = 86_400_000;
  const daily = new Array(1_050);
  let nextDay = 0;
  const postDaily = async () => {
    for (let i = nextDay++; i < daily.length; i = nextDay++)
      daily[i] = await api(
        'POST',
        '/api/v1/alert',
        {
          type: 'siem',
          source: 'archive',
          sourceRef: `day-${i}`,
          title: `Nightly scan finding ${i}`,
          description: 'From the nightly scan.',
          date: Date.UTC(2023, 0, 1, 2) + i * DAY,
        },
        rita,
      );
  };
  await Promise.all(Array.from({ length: 8 }, postDaily));
  await api(
    'PATCH',
    '/api/v1/alert/_bulk',
    { ids: daily.filter((_, i) => i % 5 === 0).map((a) => a._id), status: 'Ignored' },
    rita,
  );
  const years = await api(
    'POST',
    '/api/v1/dashboard',
    {
      title: 'Three years of scans',
      status: 'Private',
      definition: {
        period: 'all',
        items: [ALERTS_PER_DAY_ROW],
      },
    },
    rita,
  );
  await orgWithAnalyst(
    'guarded',
    'Second factor required',
    'gus@guarded.test',
    'Gus Guarded',
    'gus-password-1',
  );
  const [observable] = await api(
    'POST',
    '/api/v1/query',
    {
      query: [
        { _name: 'listObservable' },
        { _name: 'filter', _eq: { _field: 'data', _value: 'rare-3.example' } },
      ],
    },
    ana,
  );

  const pngquant = spawnSync('pngquant', ['--version']).status === 0;
  const browser = await launchChromium();
  // name, URL, who is signed in, what shows that the screen is drawn
  const screens = [
    ['login', '/alerts', false, 'button:has-text("Sign in")'],
    ['alerts', '/alerts', true, '[data-testid^="alert-row-"]'],
    ['alert-preview', '/alerts?preview=~1', true, 'section[aria-label="Alert preview"] td'],
    ['cases', '/cases', true, 'a:has-text("Phishing wave")'],
    [
      'case-tasks',
      `/cases/${c.number}?tab=tasks&task=${encodeURIComponent(task._id)}`,
      true,
      '[data-testid="task-logs"] strong',
    ],
    [
      'case-observables',
      `/cases/${c.number}?tab=observables`,
      true,
      'td:has-text("billing@vendor-3.example")',
    ],
    ['tasks', '/tasks', true, 'td:has-text("Block the sender")'],
    ['case-comments', `/cases/${c.number}?tab=comments`, true, '[data-testid="comment-list"] strong'],
    ['case-pages', `/cases/${c.number}?tab=pages`, true, '[data-testid="page-view"] li'],
    ['case-ttps', `/cases/${c.number}?tab=ttps`, true, '[data-testid="ttp-list"] td'],
    [
      'case-timeline',
      `/cases/${c.number}?tab=timeline`,
      true,
      '[data-testid="timeline"] >> text=First user report',
    ],
    ['dashboard', `/dashboards/${board._id}`, true, 'canvas'],
    ['search', '/search?q=vendor', true, 'section[aria-label="Alerts found"] a'],
    ['observable', `/observables/${observable._id}`, true, 'section[aria-label="Where it is"] a'],
    [
      'alert-similar',
      `/alerts?preview=${previewed._id}`,
      true,
      '[data-testid="similar-alerts"] a',
      // the preview scrolled to its similar cases and alerts
      (page) => page.getByTestId('similar-cases').evaluate((el) => el.scrollIntoView({ block: 'start' })),
    ],
    [
      'alert-collaboration',
      `/alerts?preview=${previewed._id}`,
      true,
      '[data-testid="alert-comments"] strong',
      // the preview scrolled to its foot: TTPs, comments
      (page) => page.getByTestId('alert-comments').evaluate((el) => el.scrollIntoView({ block: 'end' })),
    ],
    [
      'alert-bulk-merge',
      '/alerts',
      true,
      '[data-testid="alert-row-evt-1040"]',
      async (page) => {
        for (const ref of ['evt-1040', 'evt-1030', 'evt-1020']) {
          await page.getByTestId(`alert-row-${ref}`).click();
          await page.keyboard.press('x');
        }
        await page.keyboard.press('m');
        const list = page.getByTestId('bulk-merge-observables');
        await list.getByRole('checkbox').first().waitFor();
        await page.getByLabel('Case number or id').fill(`#${c.number}`);
        await list.getByLabel('ip: 198.51.100.30').uncheck();
      },
    ],
    [
      'alerts-views',
      '/alerts',
      true,
      '[data-testid^="alert-row-"]',
      async (page) => {
        await page.getByRole('button', { name: 'Views' }).click();
        await page.getByRole('menuitem', { name: /High severity/ }).waitFor();
      },
    ],
    [
      'mention-picker',
      `/cases/${c.number}?tab=comments`,
      true,
      '[data-testid="comment-list"] strong',
      async (page) => {
        await page.getByLabel('New comment (markdown)').pressSequentially('Checked with @');
        await page.getByRole('listbox', { name: 'Users to mention' }).getByRole('option').first().waitFor();
      },
    ],
    ['dashboard-widgets', `/dashboards/${widgets._id}`, true, 'canvas'],
    // the histogram over 1,050 days, asked of the server by week (its note under the chart)
    [
      'dashboard-years',
      `/dashboards/${years._id}`,
      'archive',
      '[data-testid="widget-interval"]:has-text("by week")',
      // its bars grow in (fewer than 1,000 values are animated): drawn in full after that
      (page) => page.waitForTimeout(1500),
    ],
    ['settings', '/settings', true, 'text=Time zone'],
    [
      'totp-setup',
      '/alerts',
      'guarded',
      'text=Set up two-factor authentication',
      async (page) => {
        await page.getByRole('button', { name: 'Start' }).click();
        await page.getByTestId('qr-code').waitFor();
      },
    ],
    ['admin-users', '/admin/users', 'admin', 'td:has-text("ana@soc.test")'],
    ['admin-attack', '/admin/attack', 'admin', 'text=3 techniques imported'],
  ];
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({
      baseURL: url,
      viewport: { width: 1360, height: 820 },
      colorScheme: scheme,
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    // refusals are expected (401 before signing in, 403 while a second factor is to be set up, 400
    // for the histogram over 1,050 days asked by day before it asks by week)
    page.on('console', (m) => {
      if (m.type() === 'error' && !/\b40[013]\b/.test(m.text()))
        process.stderr.write(`console: ${m.text()}\n`);
    });
    let who;
    for (const [name, target, signed, ready, act] of screens) {
      const login =
        signed === 'admin'
          ? ['admin@thehive.local', password]
          : signed === 'guarded'
            ? ['gus@guarded.test', 'gus-password-1']
            : signed === 'archive'
              ? ['rita@archive.test', 'rita-password-1']
              : ['ana@soc.test', 'ana-password-1'];
      if (signed && who !== login[0]) {
        await context.clearCookies();
        await page.goto(target);
        await page.getByLabel('Login').fill(login[0]);
        await page.getByRole('textbox', { name: 'Password' }).fill(login[1]);
        await page.getByRole('button', { name: 'Sign in' }).click();
        // the guarded member lands on the second-factor set-up, not in the app
        if (signed !== 'guarded') await page.getByRole('navigation', { name: 'Main' }).waitFor();
        who = login[0];
      }
      if (!signed) await context.clearCookies(), (who = undefined);
      // the set-up screen follows the sign-in itself (not a page loaded afterwards)
      if (signed !== 'guarded') await page.goto(target);
      try {
        await page.locator(ready).first().waitFor();
        if (act) await act(page);
      } catch (error) {
        const text = await page.locator('body').textContent();
        throw new Error(`${name}: the screen did not show (${text?.slice(0, 300)})`, { cause: error });
      }
      await page.waitForTimeout(400);
      const file = path.join(out, `${name}-${scheme}.png`);
      await page.screenshot({ path: file });
      if (pngquant)
        spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--output', file, '256', file]);
      process.stdout.write(`${name}-${scheme}.png ${Math.round(statSync(file).size / 1024)} KB\n`);
    }
    await context.close();
  }
  await browser.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
