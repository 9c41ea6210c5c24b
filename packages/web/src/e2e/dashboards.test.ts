/**
 * Browser: dashboards — ECharts comes only with the dashboard route; a dashboard is created, a stacked
 * bar widget (alerts per day by status) and a counter are added and drawn from the server's
 * aggregations, a widget is edited, the period changes what is counted; axe-core on the screen. A
 * histogram with more days than its chart's width holds is drawn by week, and by day once widened;
 * one over more days than the server answers buckets (1,000) is asked for by week, then by month
 * once the chart is too narrow for its weeks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../../server/src/test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { ALERTS_PER_DAY_ROW } from '../../scripts/daily-board.mjs';
import {
  axeViolations,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';
import { postAlerts } from './seed.js';

const DAY = 86_400_000;

describe.skipIf(!canRunBrowser)('dashboards in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;
  const chunks = () =>
    s.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop() ?? ''));

  watchSession(() => s);

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'boards');
    const now = Date.now();
    // five alerts: three today (one closed), two forty days ago
    const dates = [now, now, now, now - 40 * DAY, now - 40 * DAY];
    const alerts = await postAlerts(org.analyst, dates.length, (i) => ({
      sourceRef: `board-${i}`,
      title: `Alert ${i}`,
      date: dates[i],
    }));
    await org.analyst.alert.bulkUpdate([alerts[0]!._id], { status: 'Ignored' } as never);
    s = await signedIn(h, org.logins.analyst, '/alerts');
  });

  it('loads ECharts only on the dashboard screen, and draws a new dashboard’s widgets', async () => {
    const page = s.page;
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('5 alerts');
    expect((await chunks()).some((n) => n.startsWith('DashboardPage'))).toBe(false);

    await page.getByRole('navigation', { name: 'Main' }).getByText('Dashboards').click();
    await page.getByLabel('Dashboard title').fill('SOC overview');
    await page.getByRole('button', { name: 'Create dashboard' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SOC overview');
    expect((await chunks()).some((n) => n.startsWith('DashboardPage'))).toBe(true);

    await page.getByRole('button', { name: 'Add widget' }).click();
    await page.getByLabel('Widget type').selectOption('bar');
    await page.getByLabel('Widget title').fill('Alerts per day');
    await page.getByLabel('Entity').selectOption('alert');
    await page.getByLabel('Stack by field').fill('status');
    await page.getByRole('button', { name: 'Save widget' }).click();
    const bar = page.getByRole('region', { name: 'Widget Alerts per day' });
    await poll(() => bar.getByTestId('widget-total').textContent()).toBe('5 in total');
    await poll(() => bar.locator('canvas').count()).toBeGreaterThan(0);
    expect(await bar.getByRole('img').getAttribute('aria-label')).toMatch(/5 in total; .*Ignored 1.*New 4/);

    await page.getByRole('button', { name: 'Add widget' }).click();
    await page.getByLabel('Widget type').selectOption('counter');
    await page.getByLabel('Widget title').fill('Cases');
    await page.getByLabel('Entity').selectOption('alert');
    await page.getByRole('button', { name: 'Save widget' }).click();
    const counter = page.getByRole('region', { name: 'Widget Cases' });
    await poll(() => counter.getByTestId('widget-total').textContent()).toBe('5');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('edits a widget and restricts the period; the definition is stored as TheHive keeps it', async () => {
    const page = s.page;
    await page.getByRole('button', { name: 'Edit Cases' }).click();
    await page.getByLabel('Widget title').fill('All alerts');
    await page.getByRole('button', { name: 'Save widget' }).click();
    const counter = page.getByRole('region', { name: 'Widget All alerts' });
    await poll(() => counter.getByTestId('widget-total').textContent()).toBe('5');
    await page.getByLabel('Period').selectOption('last7Days');
    await poll(() => counter.getByTestId('widget-total').textContent()).toBe('3');
    const stored = (await org.analyst.get('/api/v1/dashboard')).body;
    expect(stored).toHaveLength(1);
    expect(stored[0].definition.period).toBe('last7Days');
    expect(
      stored[0].definition.items.map(
        (row: { type: string; items: { type: string; options: { title: string } }[] }) => [
          row.type,
          row.items.map((w) => `${w.type}:${w.options.title}`),
        ],
      ),
    ).toEqual([
      ['container', ['bar:Alerts per day']],
      ['container', ['counter:All alerts']],
    ]);
    expect(s.errors).toEqual([]);
  });

  it('draws the table, gauge, radar and multiline widgets from their editor', async () => {
    const page = s.page;
    await page.getByLabel('Period').selectOption('all');
    await poll(() =>
      page.getByRole('region', { name: 'Widget All alerts' }).getByTestId('widget-total').textContent(),
    ).toBe('5');
    const add = async (type: string, title: string, fill: Record<string, string> = {}) => {
      await page.getByRole('button', { name: 'Add widget' }).click();
      await page.getByLabel('Widget type').selectOption(type);
      await page.getByLabel('Widget title').fill(title);
      await page.getByLabel('Entity').selectOption('alert');
      for (const [label, value] of Object.entries(fill)) await page.getByLabel(label).fill(value);
      await page.getByRole('button', { name: 'Save widget' }).click();
      await poll(() => page.getByRole('region', { name: 'New widget' }).count()).toBe(0);
      return page.getByRole('region', { name: `Widget ${title}` });
    };
    const table = await add('table', 'Alerts by status', { 'Count by field': 'status' });
    await poll(() => table.getByRole('row').allInnerTexts()).toEqual([
      'status\tCount\tShare',
      'New\t4\t80 %',
      'Ignored\t1\t20 %',
    ]);
    const gauge = await add('gauge', 'Alert load', { 'Gauge maximum': '10' });
    await poll(() => gauge.getByTestId('widget-total').textContent()).toBe('5 of 10');
    expect(await gauge.getByRole('img').getAttribute('aria-label')).toBe('Alert load: 5 of 10');
    const radar = await add('radar', 'Status radar', { 'Count by field': 'status' });
    await poll(() => radar.getByTestId('widget-total').textContent()).toBe('5 in total');
    await poll(() => radar.locator('canvas').count()).toBeGreaterThan(0);
    const lines = await add('multiline', 'Status over time', { 'One line per value of': 'status' });
    await poll(() => lines.getByRole('img').getAttribute('aria-label')).toMatch(
      /5 in total; .*Ignored 1.*New 4/,
    );
    expect(await axeViolations(page)).toEqual([]);
    const stored = (await org.analyst.get('/api/v1/dashboard')).body[0].definition.items;
    expect(stored.at(-3).items[0]).toMatchObject({ type: 'gauge', options: { max: 10, entity: 'alert' } });
    expect(s.errors).toEqual([]);
  });
});

/**
 * One alert a day for `days` days ending yesterday (New, every fifth Ignored), and a dashboard of one
 * bar widget, alerts per day by status; answers the dashboard's id.
 */
async function dailyAlertsBoard(analyst: HttpClient, days: number): Promise<string> {
  const first = (Math.floor(Date.now() / DAY) - days) * DAY;
  const alerts = await postAlerts(analyst, days, (i) => ({
    sourceRef: `long-${i}`,
    title: `Alert ${i}`,
    date: first + i * DAY + 3_600_000,
  }));
  await analyst.alert.bulkUpdate(
    alerts.filter((_, i) => i % 5 === 0).map((a) => a._id),
    { status: 'Ignored' } as never,
  );
  const board = await analyst.post('/api/v1/dashboard', {
    title: 'Long view',
    status: 'Private',
    definition: {
      period: 'all',
      items: [ALERTS_PER_DAY_ROW],
    },
  });
  expect(board.status, board.text).toBe(201);
  return board.body._id;
}

describe.skipIf(!canRunBrowser)('histograms longer than their chart', { timeout: 180_000 }, () => {
  const h = useBrowserHarness();
  let s: Session;
  let boardId: string;
  let yearsBoardId: string;
  watchSession(() => s);

  beforeAll(async () => {
    const org = await createOrganisation(h.server, 'longboard');
    boardId = await dailyAlertsBoard(org.analyst, 400);
    const years = await createOrganisation(h.server, 'yearsboard');
    yearsBoardId = await dailyAlertsBoard(years.analyst, 1_050);
    s = await signedIn(h, org.logins.analyst, '/alerts');
  }, 180_000);

  it('is drawn by week on a narrow screen and by day again once the chart is wide enough', async () => {
    const page = s.page;
    // 400 days need 800 px of plot: a 760-px window has less
    await page.setViewportSize({ width: 760, height: 820 });
    await page.goto(`/dashboards/${boardId}`);
    const bar = page.getByRole('region', { name: 'Widget Alerts per day' });
    await poll(() => bar.getByTestId('widget-total').textContent()).toBe('400 in total');
    await poll(() => bar.getByTestId('widget-interval').textContent()).toBe(
      "by week: 400 days do not fit the chart's width",
    );
    await poll(() => bar.locator('canvas').count()).toBeGreaterThan(0);
    expect(await bar.getByRole('img').getAttribute('aria-label')).toBe(
      'Alerts per day: 400 in total; Ignored 80, New 320; by week',
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 1900, height: 820 });
    await poll(() => bar.getByTestId('widget-interval').count()).toBe(0);
    expect(await bar.getByRole('img').getAttribute('aria-label')).toBe(
      'Alerts per day: 400 in total; Ignored 80, New 320',
    );
    await poll(() => bar.locator('canvas').count()).toBeGreaterThan(0);
    expect(s.errors).toEqual([]);
  });

  it('asks for weeks when the server refuses more than 1,000 days, and months when the weeks do not fit', async () => {
    const years = await signedIn(h, 'analyst@yearsboard.test', `/dashboards/${yearsBoardId}`);
    try {
      const page = years.page;
      const bar = page.getByRole('region', { name: 'Widget Alerts per day' });
      // 1,050 days: the server answers 1,000 buckets at most; 151 weeks fit a wide chart
      await poll(() => bar.getByTestId('widget-interval').textContent()).toBe(
        'by week: more than 1000 days, the most one chart asks for',
      );
      expect(await bar.getByTestId('widget-total').textContent()).toBe('1050 in total');
      // the sums are the server's own, by week: nothing lost or counted twice
      expect(await bar.getByRole('img').getAttribute('aria-label')).toBe(
        'Alerts per day: 1050 in total; Ignored 210, New 840; by week',
      );
      await poll(() => bar.locator('canvas').count()).toBeGreaterThan(0);
      // the refusal was not the user's to fix: no error shown
      expect(await bar.getByRole('alert').count()).toBe(0);

      // too narrow for 151 weeks (which do not regroup into months): asked again by month
      await page.setViewportSize({ width: 420, height: 820 });
      await poll(() => bar.getByRole('img').getAttribute('aria-label')).toBe(
        'Alerts per day: 1050 in total; Ignored 210, New 840; by month',
      );
      expect(await bar.getByTestId('widget-interval').textContent()).toBe(
        'by month: more than 1000 days, the most one chart asks for',
      );
      await poll(() => bar.locator('canvas').count()).toBeGreaterThan(0);
      expect(await bar.getByRole('alert').count()).toBe(0);
      expect(years.errors).toEqual([]);
    } finally {
      await years.context.close();
    }
  });
});
