import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { serveDashboard } from './support/dashboard-server';
import { startSystem, stopSystem } from './support/harness';
import { REPO_ROOT } from './support/infrastructure';
import { RunningSystem } from './support/services';

const SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');

describe('dashboard in headless Chromium against the running system', () => {
  let system: RunningSystem;
  let dashboard: Awaited<ReturnType<typeof serveDashboard>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await startSystem('dashboard', {
      CORS_ORIGINS: 'http://127.0.0.1:5173',
    });
    dashboard = await serveDashboard({ apiBaseUrl: system.url('ingestion-gateway'), realtimeUrl: system.url('realtime-gateway') });
    // The gateways must accept the dashboard's origin: restart them with it now that its port is known.
    await system.stop();
    system.environment.CORS_ORIGINS = dashboard.url;
    await system.start();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await stopSystem(system);
  });

  it('signs in with the admin key, shows the leaderboard from the REST API and updates it live', async () => {
    expect((await system.postEvent({ event_type: 'PURCHASE', metadata: { email: 'alice@microsoft.com', name: 'Alice Johnson' } })).status).toBe(202);

    await page.goto(dashboard.url);
    await page.getByTestId('api-key-input').fill(system.adminKey);
    await page.getByTestId('sign-in-button').click();

    const alice = page.locator('[data-testid="leaderboard-row"][data-email="alice@microsoft.com"]');
    await alice.waitFor({ timeout: 20_000 });
    await expect(alice.getByTestId('lead-score').textContent()).resolves.toBe('100');
    await page.getByTestId('connection-status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'leaderboard.png'), fullPage: true });

    // Another client posts an event: the new lead appears without a reload.
    expect((await system.postEvent({ event_type: 'DEMO_REQUEST', metadata: { email: 'bob@contoso.com', name: 'Bob Stone' } })).status).toBe(202);
    const bob = page.locator('[data-testid="leaderboard-row"][data-email="bob@contoso.com"]');
    await bob.waitFor({ timeout: 20_000 });
    await expect(bob.getByTestId('lead-score').textContent()).resolves.toBe('50');
    const emails = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-email')));
    expect(emails).toEqual(['alice@microsoft.com', 'bob@contoso.com']);
  });

  it('refuses a wrong key on the sign-in screen', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(dashboard.url);
    await fresh.getByTestId('api-key-input').fill('not-the-admin-key');
    await fresh.getByTestId('sign-in-button').click();
    await fresh.getByTestId('sign-in-error').waitFor({ timeout: 10_000 });
    expect(await fresh.getByTestId('leaderboard-table').count()).toBe(0);
    await fresh.close();
  });
});
