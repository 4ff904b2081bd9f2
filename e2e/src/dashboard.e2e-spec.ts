import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { expectedScores, readSampleRows, SampleRow } from './support/dashboard-sample';
import { REPO_ROOT } from './support/infrastructure';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';
import { DashboardSession, LIVE, SCREENSHOTS } from './support/dashboard-session';

const rows = readSampleRows();

// The tests run in order on one signed-in page, like a user's session: load the sample data, explore, change a
// rule, watch a lead move. Each step waits for conditions, never for time.
describe('dashboard in headless Chromium against the running system', () => {
  let session: DashboardSession;
  let system: RunningSystem;
  let dashboard: DashboardSession['dashboard'];
  let browser: Browser;
  let page: Page;

  const row = (email: string) => page.locator(`[data-testid="leaderboard-row"][data-email="${email}"]`);
  const go = (nav: string, heading: string) => session.go(nav, heading);
  const shoot = (name: string) => session.shoot(name);
  const apiLead = async (email: string) => (await (await system.read(`/api/leads/${encodeURIComponent(email)}`)).json()) as { score: number; lead_id: string };

  beforeAll(async () => {
    session = await DashboardSession.open('dashboard');
    ({ system, dashboard, browser, page } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('serves the page with strict security headers and without source maps', async () => {
    const response = await fetch(`${dashboard.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ${system.url('ingestion-gateway')}`);
    expect(csp).not.toContain('unsafe-');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // No map was built, the bundle points to none, and asking for one is a 404.
    const built = readdirSync(join(REPO_ROOT, 'dist/apps/dashboard'), { recursive: true }).map(String);
    expect(built.filter((file) => file.endsWith('.map'))).toEqual([]);
    const script = built.find((file) => /^assets[/\\].*\.js$/.test(file));
    expect(script).toBeDefined();
    const bundle = await fetch(`${dashboard.url}/${script}`);
    expect(bundle.headers.get('content-security-policy')).toBe(csp);
    expect(await bundle.text()).not.toContain('sourceMappingURL');
    expect((await fetch(`${dashboard.url}/${script}.map`)).status).toBe(404);
  });

  it('refuses a wrong key on the sign-in screen', async () => {
    const fresh = await browser.newPage();
    session.watchCsp(fresh);
    await fresh.goto(dashboard.url);
    await fresh.getByTestId('api-key-input').fill('not-the-admin-key');
    await fresh.getByTestId('sign-in-button').click();
    await fresh.getByTestId('sign-in-error').waitFor({ timeout: 10_000 });
    expect(await fresh.getByTestId('nav-overview').count()).toBe(0);
    await fresh.close();
  });

  it('signs in, loads the sample data and fills the leaderboard live without a reload', async () => {
    await page.goto(dashboard.url);
    await page.getByTestId('api-key-input').fill(system.adminKey);
    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('connection-status').filter({ hasText: 'live' }).waitFor({ timeout: LIVE });
    await go('leaderboard', 'Leaderboard');
    await page.getByTestId('empty-state').filter({ hasText: 'No leads scored yet' }).waitFor({ timeout: LIVE });
    // The page never reloads from here on: a marker on window would be lost if it did.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    await page.getByTestId('load-sample-button').click();

    const expected = expectedScores(rows);
    const ranking = [...expected.entries()].sort((a, b) => b[1] - a[1]);
    const [topEmail, topScore] = ranking[0];
    // Rows appear as the worker scores the leads; the top one ends with its exact score from the file.
    await page.getByTestId('leaderboard-row').first().waitFor({ timeout: LIVE });
    await row(topEmail).getByTestId('lead-score').filter({ hasText: new RegExp(`^${topScore}$`) }).waitFor({ timeout: LIVE });
    await page.getByTestId('leaderboard-range').filter({ hasText: `1–25 of ${expected.size}` }).waitFor({ timeout: LIVE });
    expect(await page.getByTestId('leaderboard-row').count()).toBe(25);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(await row(topEmail).getAttribute('data-rank')).toBe('1');
    await shoot('leaderboard');

    // Filters: the stage filter shows only that stage, the search finds one lead.
    await page.getByTestId('filter-search').fill(topEmail);
    await page.getByTestId('leaderboard-range').filter({ hasText: '1–1 of 1' }).waitFor({ timeout: LIVE });
    await page.getByTestId('filter-search').fill('');
    await page.getByTestId('filter-stage').selectOption('qualified');
    const qualified = [...expected.values()].filter((score) => score >= 200).length;
    await page.getByTestId('leaderboard-range').filter({ hasText: new RegExp(` of ${qualified}$`) }).waitFor({ timeout: LIVE });
    const stages = await page.getByTestId('lead-stage').allTextContents();
    expect(new Set(stages)).toEqual(new Set(['qualified']));
    await page.getByTestId('filter-stage').selectOption('');
  });

  it('shows the overview figures and charts', async () => {
    await go('overview', 'Overview');
    const leads = new Set(rows.map((sample) => sample.email)).size;
    await page.getByTestId('stat-leads').filter({ hasText: new RegExp(`^${leads}$`) }).waitFor({ timeout: LIVE });
    await page.getByTestId('stat-events').filter({ hasText: new RegExp(`^${rows.length}$`) }).waitFor({ timeout: LIVE });
    await page.locator('[data-testid="activity-card"] .recharts-wrapper').waitFor({ timeout: LIVE });
    await page.locator('[data-testid="companies-card"] .recharts-wrapper').waitFor({ timeout: LIVE });
    await page.getByTestId('top-leads-table').waitFor({ timeout: LIVE });
    const stageTotal = (await page.getByTestId('stage-count').allTextContents()).reduce((sum, text) => sum + Number(text), 0);
    expect(stageTotal).toBe(leads);
    await shoot('overview');
  });

  it('opens a lead whose history explains its score', async () => {
    await go('leaderboard', 'Leaderboard');
    // The second lead: the first is capped at 1000, where later events leave no history entry.
    const first = page.getByTestId('leaderboard-row').nth(1);
    await first.waitFor({ timeout: LIVE });
    const email = (await first.getAttribute('data-email')) as string;
    await first.getByTestId('lead-link').click();
    await page.getByTestId('lead-detail').waitFor({ timeout: LIVE });
    const lead = await apiLead(email);
    await page.getByTestId('lead-detail-score').filter({ hasText: new RegExp(`^${lead.score}$`) }).waitFor({ timeout: LIVE });
    await page.getByTestId('history-row').first().waitFor({ timeout: LIVE });

    // Every change is on a row; the deltas add up to the score and the last row ends on it (default rules, < cap).
    const history = page.getByTestId('history-row');
    const deltas = (await history.evaluateAll((entries) => entries.map((entry) => Number(entry.getAttribute('data-delta'))))) as number[];
    const events = rows.filter((sample) => sample.email === email).length;
    expect(deltas).toHaveLength(events);
    expect(deltas.reduce((sum, delta) => sum + delta, 0)).toBe(lead.score);
    expect(await history.last().getAttribute('data-score-after')).toBe(String(lead.score));
    const explanations = await page.getByTestId('history-rules').allTextContents();
    expect(explanations.every((text) => ['Email opened', 'Page viewed', 'Form submitted', 'Demo requested', 'Purchase'].includes(text))).toBe(true);
    const breakdown = await page.getByTestId('breakdown-points').allTextContents();
    expect(breakdown.reduce((sum, text) => sum + Number(text.replace('+', '')), 0)).toBe(lead.score);
    await page.getByTestId('event-row').nth(events - 1).waitFor({ timeout: LIVE });
    await page.locator('[data-testid="score-timeline"] .recharts-wrapper').waitFor({ timeout: LIVE });
    await shoot('lead-detail');
  });

  it('validates the single-event form and lists the rejected rows of a CSV', async () => {
    await go('upload', 'Send events');
    await page.getByTestId('event-email').fill('not-an-email');
    await page.getByTestId('event-submit').click();
    await page.getByTestId('event-email-error').waitFor({ timeout: 10_000 });

    const csv = 'event_type,email,name\nPAGE_VIEW,csv.one@example.org,CSV One\nPAGE_VIEW,not-an-email,Broken\n9BAD,csv.two@example.org,Bad Type\n';
    await page.getByTestId('csv-input').setInputFiles({ name: 'two-bad-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-testid="upload-progress"][data-state="done"]').waitFor({ timeout: LIVE });
    await expect(page.getByTestId('upload-accepted').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('upload-rejected').textContent()).resolves.toBe('2');
    expect(await page.getByTestId('upload-error-row').count()).toBe(2);
    await shoot('upload');
  });

  it('adds a rule, shows the recompute progress and the new score', async () => {
    const careers = (sample: SampleRow) => (sample.event_type === 'PAGE_VIEW' && sample.metadata['url'] === '/careers' ? 7 : 0);
    const withRule = expectedScores(rows, careers);
    const before = expectedScores(rows);
    const [email] = [...withRule.entries()].filter(([candidate, score]) => score !== before.get(candidate) && score < 1000).sort((a, b) => b[1] - a[1])[0];

    await go('rules', 'Rules and settings');
    await page.getByTestId('rule-row').first().waitFor({ timeout: LIVE });
    await page.getByTestId('rule-new-button').click();
    await page.getByTestId('rule-name').fill('Careers page');
    await page.getByTestId('rule-event_type').fill('page_view');
    await page.getByTestId('rule-points').fill('7');
    await page.getByTestId('condition-add').click();
    await page.getByTestId('condition-field').fill('metadata.url');
    await page.getByTestId('condition-value').fill('/careers');
    await page.getByTestId('rule-save-button').click();

    await page.locator('[data-testid="rule-row"][data-rule-name="Careers page"]').waitFor({ timeout: LIVE });
    const version = await waitFor('the new ruleset version', async () => {
      const body = (await (await fetch(`${system.url('ingestion-gateway')}/api/rules`, { headers: { authorization: `Bearer ${system.adminKey}` } })).json()) as { ruleset_version: number };
      return body.ruleset_version;
    });
    await page.locator(`[data-testid="recompute-status"][data-version="${version}"]`).waitFor({ timeout: LIVE });
    await page.locator(`[data-testid="recompute-status"][data-version="${version}"][data-state="done"]`).waitFor({ timeout: 120_000 });
    await shoot('rules');

    await page.goto(`${dashboard.url}/#/leads/${encodeURIComponent(email)}`);
    await page.getByTestId('lead-detail-score').filter({ hasText: new RegExp(`^${withRule.get(email)}$`) }).waitFor({ timeout: LIVE });
    await page.locator('[data-testid="history-rules"]', { hasText: /Page viewed \+ Careers page|Careers page \+ Page viewed/ }).first().waitFor({ timeout: LIVE });
  });

  it('moves a row live when another client posts an event', async () => {
    await go('leaderboard', 'Leaderboard');
    const rowsNow = page.getByTestId('leaderboard-row');
    await rowsNow.nth(9).waitFor({ timeout: LIVE });
    const email = (await rowsNow.nth(9).getAttribute('data-email')) as string;
    const topScore = Number(await rowsNow.first().getByTestId('lead-score').textContent());
    const secondScore = Number(await rowsNow.nth(1).getByTestId('lead-score').textContent());
    const ownScore = Number(await rowsNow.nth(9).getByTestId('lead-score').textContent());
    // Enough purchases to pass the second lead but not the first (capped at 1000), so the new rank is exactly 2.
    const purchases = Math.ceil((secondScore - ownScore + 1) / 100);
    expect(ownScore + purchases * 100).toBeLessThan(topScore);

    const highlighted = page.locator(`[data-testid="leaderboard-row"][data-email="${email}"][data-highlighted="true"]`).waitFor({ timeout: LIVE });
    for (let i = 0; i < purchases; i++) {
      expect((await system.postEvent({ event_type: 'PURCHASE', metadata: { email, amount: 500 } })).status).toBe(202);
    }
    await highlighted;
    await page.locator(`[data-testid="leaderboard-row"][data-email="${email}"][data-rank="2"]`).waitFor({ timeout: LIVE });
    const score = Number(await row(email).getByTestId('lead-score').textContent());
    expect(score).toBe(ownScore + purchases * 100);
  });

  it('shows the queues and failed jobs on the system page', async () => {
    await go('system', 'System');
    const scoringRow = page.locator('[data-testid="queue-row"][data-queue="scoring"]');
    await scoringRow.waitFor({ timeout: LIVE });
    // Throughput comes from the API, in each queue's own unit.
    expect(await scoringRow.getByTestId('queue-throughput').textContent()).toMatch(/^\d+ events$/);
    expect(await page.getByTestId('system-throughput').textContent()).toMatch(/^\d+$/);
    await page.getByTestId('empty-state').filter({ hasText: 'No failed jobs' }).waitFor({ timeout: LIVE });
    await shoot('system');
  });

  it('works at a phone width', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    session.watchCsp(phone);
    await phone.goto(dashboard.url);
    await phone.getByTestId('api-key-input').fill(system.adminKey);
    await phone.getByTestId('sign-in-button').click();
    await phone.getByTestId('nav-leaderboard').click();
    await phone.getByTestId('leaderboard-row').nth(5).waitFor({ timeout: LIVE });
    // Nothing wider than the screen but the tables' own scroll areas.
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(SCREENSHOTS, 'leaderboard-phone.png'), fullPage: false });
    await phone.close();
  });

  it('ran every page of the session without a Content-Security-Policy violation', () => {
    expect(session.cspViolations).toEqual([]);
  });
});
