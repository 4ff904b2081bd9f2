import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { serveDashboard } from './dashboard-server';
import { startSystem, stopSystem } from './harness';
import { REPO_ROOT } from './infrastructure';
import { RunningSystem } from './services';

// The README's screenshots are refreshed on request (UPDATE_SCREENSHOTS=1); other runs keep theirs in tmp/, so a
// test run leaves the working tree clean.
export const SCREENSHOTS = join(REPO_ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'tmp/screenshots');
/** How long a browser test waits for something live (a score, a row, a page). */
export const LIVE = 60_000;

/**
 * A running system, the dashboard served against it and one page in headless Chromium: what every browser test
 * starts from. Anything the Content-Security-Policy blocks, on any page watched, is collected: the dashboard must
 * work under it.
 */
export class DashboardSession {
  readonly cspViolations: string[] = [];

  private constructor(
    readonly system: RunningSystem,
    readonly dashboard: Awaited<ReturnType<typeof serveDashboard>>,
    readonly browser: Browser,
    readonly page: Page,
  ) {
    this.watchCsp(page);
  }

  static async open(name: string, environment: NodeJS.ProcessEnv = {}, pageOptions: BrowserContextOptions = {}): Promise<DashboardSession> {
    const system = await startSystem(name, environment);
    const dashboard = await serveDashboard({ apiBaseUrl: system.url('ingestion-gateway'), realtimeUrl: system.url('realtime-gateway') });
    // The gateways must accept the dashboard's origin: restart them with it now that its port is known.
    await system.stop();
    system.environment.CORS_ORIGINS = dashboard.url;
    system.environment.RATE_LIMIT_PER_SECOND = '0';
    await system.start();
    const browser = await launchChromium();
    // Reduced motion: progress bars and highlights are drawn at their final state in the screenshots.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', ...pageOptions });
    mkdirSync(SCREENSHOTS, { recursive: true });
    return new DashboardSession(system, dashboard, browser, page);
  }

  watchCsp(target: Page): void {
    target.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.cspViolations.push(message.text());
    });
  }

  /** Opens a page from the navigation and waits for its heading. */
  async go(nav: string, heading: string): Promise<void> {
    await this.page.getByTestId(`nav-${nav}`).click();
    await this.page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: LIVE });
  }

  async shoot(name: string): Promise<void> {
    // No chart tooltip or hover highlight from wherever the last click left the pointer.
    await this.page.mouse.move(0, 0);
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.dashboard.close();
    await stopSystem(this.system);
  }
}
