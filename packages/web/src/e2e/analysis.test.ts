/**
 * Browser: the observable page's analysis against a server with the analysis engine — the analyzers
 * for the observable's type, "Run analyzer", the job followed until it ends, its summary taxonomies
 * and full report (shown as text, never as HTML); a read-only user sees the reports but cannot run
 * one; axe-core on the page.
 */
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAnalysisServer } from '../../../analysis/src/test-support/server.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import type { TestServer } from '../../../server/src/test-support/server.js';
import {
  axeViolations,
  CHROMIUM,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  WEB_DIST,
  watchSession,
} from './browser.js';
import { createCase } from './seed.js';

describe.skipIf(!canRunBrowser)(
  'analysis on the observable page in the browser',
  { timeout: 120_000 },
  () => {
    const server = useAnalysisServer({}, { platform: { web: { dir: WEB_DIST } } });
    const h = { server: server as unknown as TestServer, browser: undefined as unknown as Browser };
    let org: OrgFixture;
    let s: Session;
    let observableId: string;

    beforeAll(async () => {
      h.browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
      });
      org = await createOrganisation(h.server, 'analysis');
      const enabled = await org.orgAdmin.post('/cortex/api/organization/analyzer/Propolis_IpClass_1_0', {
        name: 'Propolis_IpClass_1_0',
        configuration: {},
      });
      expect(enabled.status, enabled.text).toBe(201);
      const kase = await createCase(org.analyst, { title: 'To analyse', description: 'd' });
      const ip = await org.analyst.post(`/api/v1/case/${kase._id}/observable`, {
        dataType: 'ip',
        data: '192.168.10.20',
      });
      expect(ip.status, ip.text).toBe(201);
      observableId = ip.body[0]._id;
      s = await signedIn(h, org.logins.analyst, `/observables/${observableId}`);
    });
    afterAll(async () => {
      await h.browser?.close();
    });
    watchSession(() => s);

    it('runs an analyzer and shows its status, taxonomies and full report', async () => {
      const page = s.page;
      const panel = page.getByRole('region', { name: 'Analysis' });
      await poll(() => panel.textContent()).toContain('No analysis yet.');
      await panel.getByLabel('Analyzer').click();
      await page.getByRole('option', { name: 'Propolis_IpClass_1_0' }).click();
      await panel.getByRole('button', { name: 'Run analyzer' }).click();

      const job = panel.getByRole('article', { name: 'Job Propolis_IpClass_1_0' });
      await poll(() => job.getByTestId('job-status').textContent(), 30_000).toBe('Success');
      await poll(() => job.getByTestId('job-taxonomies').textContent()).toMatch(/IP:.*=/);
      await job.getByRole('button', { name: 'Full report' }).click();
      await poll(() => job.getByTestId('full-report').textContent()).toContain('192.168.0.0/16');
      expect(await axeViolations(page)).toEqual([]);
      expect(s.errors).toEqual([]);
    });

    it('shows the reports to a read-only user, without the run action', async () => {
      const other = await signedIn(h, org.logins.readOnly, `/observables/${observableId}`);
      try {
        const panel = other.page.getByRole('region', { name: 'Analysis' });
        await poll(() => panel.getByTestId('job-status').first().textContent()).toBe('Success');
        expect(await panel.getByRole('button', { name: 'Run analyzer' }).count()).toBe(0);
        expect(other.errors).toEqual([]);
      } finally {
        await other.context.close();
      }
    });
  },
);
