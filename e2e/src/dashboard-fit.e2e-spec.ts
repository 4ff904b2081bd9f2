import { join } from 'node:path';
import { Page } from 'playwright-core';
import { DEFAULT_RULES, DEFAULT_SETTINGS, GradeBand, RuleCondition, ScoringRule } from '@lead-scoring/contracts';
import { expectedScores, readSampleRows } from './support/dashboard-sample';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';
import { DashboardSession, LIVE, SCREENSHOTS } from './support/dashboard-session';

// ---- what the sample file says, computed here from the file and the default rules (not from the system) ----------
const rows = readSampleRows();
const scores = expectedScores(rows);
/** Each lead's traits: the metadata of its IDENTIFY row (the only rows that carry the fit traits). */
const traits = new Map(rows.filter((row) => row.event_type === 'IDENTIFY').map((row) => [row.email, row.metadata]));
const companyOf = new Map(rows.map((row) => [row.email, String(row.metadata['company'])]));

function holds(condition: RuleCondition, leadTraits: Record<string, unknown>): boolean {
  const value = leadTraits[condition.field.replace(/^traits\./, '')];
  switch (condition.op) {
    case 'in':
      return (condition.value as unknown[]).includes(value);
    case 'gte':
      return typeof value === 'number' && value >= (condition.value as number);
    case 'eq':
      return value === condition.value;
    default:
      throw new Error(`the test does not evaluate ${condition.op}`);
  }
}
const labelOf = (bands: readonly GradeBand[], score: number) => (bands.find((band) => score >= band.min) ?? bands[bands.length - 1]).label;
function fitOf(email: string, rules: readonly Pick<ScoringRule, 'kind' | 'points' | 'conditions'>[]): number {
  const leadTraits = traits.get(email) ?? {};
  const sum = rules.filter((rule) => rule.kind === 'fit' && rule.conditions.every((condition) => holds(condition, leadTraits))).reduce((total, rule) => total + rule.points, 0);
  return Math.min(DEFAULT_SETTINGS.fit.max, Math.max(DEFAULT_SETTINGS.fit.min, sum));
}
function gradesWith(rules: readonly Pick<ScoringRule, 'kind' | 'points' | 'conditions'>[], engagement: Map<string, number> = scores): Map<string, string> {
  return new Map([...engagement].map(([email, score]) => [email, labelOf(DEFAULT_SETTINGS.grades.fit, fitOf(email, rules)) + labelOf(DEFAULT_SETTINGS.grades.engagement, score)]));
}
function countsOf(grades: Map<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const grade of grades.values()) counts.set(grade, (counts.get(grade) ?? 0) + 1);
  return counts;
}
const grades = gradesWith(DEFAULT_RULES);

// Accounts: the leads of one company; the default strategy sums their engagement scores.
const accounts = new Map<string, { score: number; leads: string[] }>();
for (const [email, score] of scores) {
  const company = companyOf.get(email) as string;
  const account = accounts.get(company) ?? { score: 0, leads: [] };
  accounts.set(company, { score: account.score + score, leads: [...account.leads, email] });
}
const ranking = [...accounts].sort((a, b) => b[1].score - a[1].score);
// The live step: purchases by the least engaged lead of the third account lift that account to second place.
const [thirdName, third] = ranking[2];
const buyer = [...third.leads].sort((a, b) => (scores.get(a) as number) - (scores.get(b) as number))[0];
const purchases = Math.ceil((ranking[1][1].score - third.score + 1) / 100);
const scoresAfterPurchases = new Map(scores).set(buyer, (scores.get(buyer) as number) + purchases * 100);

// The fit rule the test adds in the editor.
const GROWTH_MARKETS = { kind: 'fit' as const, points: 30, conditions: [{ field: 'traits.country', op: 'in' as const, value: ['AU', 'SG', 'IN', 'IL', 'CH'] }] };
const gradesBeforeRule = gradesWith(DEFAULT_RULES, scoresAfterPurchases);
const gradesAfterRule = gradesWith([...DEFAULT_RULES, GROWTH_MARKETS], scoresAfterPurchases);

// One signed-in page, like a user's session: load the sample, read the grid, follow a cell, open a lead, rank the
// accounts, then add a fit rule and watch a lead's fit and grade move.
describe('dashboard fit, grades and accounts in headless Chromium against the running system', () => {
  let system: RunningSystem;
  let session: DashboardSession;
  let dashboard: DashboardSession['dashboard'];
  let page: Page;

  const go = (nav: string, heading: string) => session.go(nav, heading);
  const shoot = (name: string) => session.shoot(name);
  const cell = (grade: string) => page.locator(`[data-testid="grade-cell"][data-grade="${grade}"]`);
  const waitForGrid = async (counts: Map<string, number>) => {
    for (const fit of DEFAULT_SETTINGS.grades.fit) {
      for (const engagement of DEFAULT_SETTINGS.grades.engagement) {
        const grade = fit.label + engagement.label;
        await page.locator(`[data-testid="grade-cell"][data-grade="${grade}"][data-count="${counts.get(grade) ?? 0}"]`).waitFor({ timeout: LIVE });
      }
    }
  };
  const rulesetVersion = async () => {
    const response = await fetch(`${system.url('ingestion-gateway')}/api/rules`, { headers: { authorization: `Bearer ${system.adminKey}` } });
    return ((await response.json()) as { ruleset_version: number; items: ScoringRule[] });
  };
  const recomputed = async (version: number) => {
    await page.locator(`[data-testid="recompute-status"][data-version="${version}"][data-state="done"]`).waitFor({ timeout: 120_000 });
  };

  beforeAll(async () => {
    session = await DashboardSession.open('dashboard-fit');
    ({ system, dashboard, page } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('has a sample whose grades fill every fit row and every engagement column', () => {
    // The file itself: one IDENTIFY per lead, dated before its first event; every cell of the grid has leads.
    const identified = rows.filter((row) => row.event_type === 'IDENTIFY').map((row) => row.email);
    expect(new Set(identified).size).toBe(scores.size);
    expect(identified).toHaveLength(scores.size);
    const counts = countsOf(grades);
    for (const fit of ['A', 'B', 'C']) for (const engagement of ['1', '2', '3']) expect(counts.get(fit + engagement)).toBeGreaterThan(0);
  });

  it('loads the sample data from the overview and fills the fit x engagement grid', async () => {
    await page.goto(dashboard.url);
    await page.getByTestId('api-key-input').fill(system.adminKey);
    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('connection-status').filter({ hasText: 'live' }).waitFor({ timeout: LIVE });
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: LIVE });
    await page.getByTestId('load-sample-button').click();

    // The counts arrive live (lead.updated refreshes the analytics) and end on what the file says.
    await waitForGrid(countsOf(grades));
    expect(await page.getByTestId('grade-grid').getAttribute('data-total')).toBe(String(scores.size));
    await page.locator('[data-testid="companies-card"] .recharts-wrapper').waitFor({ timeout: LIVE });
    await page.mouse.move(0, 0);
    await page.getByTestId('grade-grid-card').locator('..').screenshot({ path: join(SCREENSHOTS, 'overview-grid.png') });
  });

  it('opens a cell: the lead list filtered by that grade, kept in the URL', async () => {
    const grade = 'B2';
    const expected = [...grades].filter(([, candidate]) => candidate === grade).map(([email]) => email);
    expect(expected.length).toBeGreaterThan(1);
    await cell(grade).click();
    await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor({ timeout: LIVE });
    expect(new URL(page.url()).hash).toBe(`#/leads?grade=${grade}`);
    await page.getByTestId('leaderboard-range').filter({ hasText: `1–${expected.length} of ${expected.length}` }).waitFor({ timeout: LIVE });
    expect(await page.getByTestId('filter-grade').inputValue()).toBe(grade);
    expect(new Set(await page.locator('[data-testid="leaderboard-table"] [data-testid="lead-grade"]').allTextContents())).toEqual(new Set([grade]));
    const emails = await page.getByTestId('leaderboard-row').evaluateAll((items) => items.map((item) => item.getAttribute('data-email')));
    expect(new Set(emails)).toEqual(new Set(expected));

    // A reload (or a shared link) opens the same filtered list.
    await page.reload();
    await page.getByTestId('leaderboard-range').filter({ hasText: `1–${expected.length} of ${expected.length}` }).waitFor({ timeout: LIVE });
    // Clearing the filter lists every lead again and takes the grade out of the URL.
    await page.getByTestId('filter-grade').selectOption('');
    await page.getByTestId('leaderboard-range').filter({ hasText: `1–25 of ${scores.size}` }).waitFor({ timeout: LIVE });
    expect(new URL(page.url()).hash).toBe('#/leads');
  });

  it("shows a lead's grade, fit, traits, split breakdown and the fit change in its history", async () => {
    const a2 = [...grades.values()].filter((grade) => grade === 'A2').length;
    await page.getByTestId('filter-grade').selectOption('A2');
    await page.getByTestId('leaderboard-range').filter({ hasText: `1–${a2} of ${a2}` }).waitFor({ timeout: LIVE });
    const first = page.getByTestId('leaderboard-row').first();
    expect(await first.getAttribute('data-grade')).toBe('A2');
    const email = (await first.getAttribute('data-email')) as string;
    const fit = fitOf(email, DEFAULT_RULES);
    const score = scores.get(email) as number;
    await first.getByTestId('lead-link').click();
    await page.getByTestId('lead-detail').waitFor({ timeout: LIVE });

    await page.locator('[data-testid="lead-detail-grade"][data-grade="A2"]').waitFor({ timeout: LIVE });
    await page.getByTestId('lead-detail-fit').filter({ hasText: new RegExp(`^${fit}$`) }).waitFor({ timeout: LIVE });
    const leadTraits = traits.get(email) as Record<string, unknown>;
    for (const key of ['title', 'seniority', 'company_size', 'industry', 'country']) {
      expect(await page.locator(`[data-testid="trait-row"][data-trait="${key}"] [data-testid="trait-value"]`).textContent()).toBe(String(leadTraits[key]));
    }
    const sum = async (testId: string) => (await page.getByTestId(testId).allTextContents()).reduce((total, text) => total + Number(text.replace('+', '')), 0);
    expect(await sum('fit-breakdown-points')).toBe(fit);
    expect(await sum('breakdown-points')).toBe(score);

    // The IDENTIFY row: no engagement points, the whole fit, named by the fit rules that hold.
    const identify = page.locator('[data-testid="history-row"][data-event-type="IDENTIFY"]');
    await identify.waitFor({ timeout: LIVE });
    expect(await identify.getAttribute('data-delta')).toBe('0');
    expect(await identify.getAttribute('data-fit-delta')).toBe(String(fit));
    expect(await identify.getByTestId('history-fit').textContent()).toMatch(new RegExp(`^Fit \\+${fit} → ${fit}: `));
    expect(await identify.getByTestId('history-rules').count()).toBe(0);
    expect(await page.getByTestId('history-fit').count()).toBe(1);
  });

  it('ranks the accounts live and opens one with its leads and score over time', async () => {
    const [topName, top] = ranking[0];

    await go('accounts', 'Accounts');
    const row = (account: string) => page.locator(`[data-testid="account-row"][data-account="${account}"]`);
    await row(topName).getByTestId('account-score').filter({ hasText: new RegExp(`^${top.score}$`) }).waitFor({ timeout: LIVE });
    expect(await row(topName).getAttribute('data-rank')).toBe('1');
    expect(await row(topName).getByTestId('account-leads').textContent()).toBe(String(top.leads.length));
    await page.getByTestId('accounts-range').filter({ hasText: ` of ${accounts.size}` }).waitFor({ timeout: LIVE });
    await shoot('accounts');

    // Live: purchases by a lead of the third account lift it to second place, without a reload.
    expect((scores.get(buyer) as number) + purchases * 100).toBeLessThan(1000);
    expect(third.score + purchases * 100).toBeLessThan(top.score);
    for (let i = 0; i < purchases; i++) expect((await system.postEvent({ event_type: 'PURCHASE', metadata: { email: buyer, amount: 99 } })).status).toBe(202);
    const lifted = third.score + purchases * 100;
    await row(thirdName).getByTestId('account-score').filter({ hasText: new RegExp(`^${lifted}$`) }).waitFor({ timeout: LIVE });
    await page.locator(`[data-testid="account-row"][data-account="${thirdName}"][data-rank="2"]`).waitFor({ timeout: LIVE });

    await row(topName).getByTestId('account-link').click();
    await page.locator(`[data-testid="account-detail"][data-account="${topName}"]`).waitFor({ timeout: LIVE });
    await page.getByTestId('account-detail-score').filter({ hasText: new RegExp(`^${top.score}$`) }).waitFor({ timeout: LIVE });
    await page.locator('[data-testid="account-leads-table"] [data-testid="leaderboard-row"]').nth(top.leads.length - 1).waitFor({ timeout: LIVE });
    expect(await page.locator('[data-testid="account-leads-table"] [data-testid="leaderboard-row"]').count()).toBe(top.leads.length);
    const listed = await page.locator('[data-testid="account-leads-table"] [data-testid="leaderboard-row"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-email')));
    expect(new Set(listed)).toEqual(new Set(top.leads));
    await page.locator('[data-testid="account-score-chart"] .recharts-wrapper').waitFor({ timeout: LIVE });
    await page.locator('[data-testid="account-score-chart"] .recharts-line-curve').waitFor({ timeout: LIVE });
  });

  it("creates a fit rule in the editor and shows a lead's fit and grade change", async () => {
    const [email, before] = [...gradesBeforeRule].find(([candidate, grade]) => gradesAfterRule.get(candidate) !== grade) as [string, string];
    const after = gradesAfterRule.get(email) as string;
    const fitAfter = fitOf(email, [...DEFAULT_RULES, GROWTH_MARKETS]);
    // Seen before the change, so the later check cannot pass on a stale page.
    await page.goto(`${dashboard.url}/#/leads/${encodeURIComponent(email)}`);
    await page.locator(`[data-testid="lead-detail-grade"][data-grade="${before}"]`).waitFor({ timeout: LIVE });

    await go('rules', 'Rules and settings');
    await page.locator('[data-testid="rule-row"][data-kind="fit"]').first().waitFor({ timeout: LIVE });
    await page.getByTestId('fit-rule-new-button').click();
    const editor = page.getByTestId('rule-editor');
    expect(await editor.getByTestId('rule-kind-fit').isChecked()).toBe(true);
    // A fit rule has no event type and no caps.
    expect(await editor.getByTestId('rule-event_type').count()).toBe(0);
    expect(await editor.getByTestId('rule-max-per-period').count()).toBe(0);
    await editor.getByTestId('rule-name').fill('Growth markets');
    await editor.getByTestId('rule-points').fill(String(GROWTH_MARKETS.points));
    await editor.getByTestId('condition-add').click();
    // Trait keys are suggested: the defaults and the keys the leads seen so far carry.
    await editor.locator('[data-testid="trait-key-options"] option[value="traits.seniority"]').waitFor({ state: 'attached', timeout: LIVE });
    await editor.locator('[data-testid="trait-key-options"] option[value="traits.email_domain"]').waitFor({ state: 'attached', timeout: LIVE });
    // An engagement-style field is refused in a fit rule, by the form before the gateway.
    await editor.getByTestId('condition-field').fill('metadata.country');
    await editor.getByTestId('condition-op').selectOption('in');
    await editor.getByTestId('condition-value').fill((GROWTH_MARKETS.conditions[0].value as string[]).join(', '));
    await editor.getByTestId('rule-save-button').click();
    await editor.getByText('traits.<key>, e.g. traits.seniority').waitFor({ timeout: 10_000 });
    await editor.getByTestId('condition-field').fill('traits.country');
    await shoot('fit-rule');
    const versionBefore = (await rulesetVersion()).ruleset_version;
    await editor.getByTestId('rule-save-button').click();

    const saved = page.locator('[data-testid="rule-row"][data-kind="fit"][data-rule-name="Growth markets"]');
    await saved.waitFor({ timeout: LIVE });
    const version = await waitFor('the new ruleset version', async () => {
      const current = (await rulesetVersion()).ruleset_version;
      return current > versionBefore ? current : undefined;
    });
    const rule = (await rulesetVersion()).items.find((candidate) => candidate.name === 'Growth markets');
    expect(rule).toMatchObject({ kind: 'fit', event_type: null, points: 30, max_per_lead: null, max_per_period: null, conditions: GROWTH_MARKETS.conditions });
    await recomputed(version);

    await page.goto(`${dashboard.url}/#/leads/${encodeURIComponent(email)}`);
    await page.locator(`[data-testid="lead-detail-grade"][data-grade="${after}"]`).waitFor({ timeout: LIVE });
    await page.getByTestId('lead-detail-fit').filter({ hasText: new RegExp(`^${fitAfter}$`) }).waitFor({ timeout: LIVE });
    await page.locator('[data-testid="fit-breakdown-row"]', { hasText: 'Growth markets' }).waitFor({ timeout: LIVE });
    await page.locator('[data-testid="history-fit"]', { hasText: 'Growth markets' }).first().waitFor({ timeout: LIVE });

    // The grid follows the recompute.
    await go('overview', 'Overview');
    await waitForGrid(countsOf(gradesAfterRule));
  });

  it('caps an engagement rule per period from the editor', async () => {
    await go('rules', 'Rules and settings');
    const row = page.locator('[data-testid="rule-row"][data-rule-name="Email opened"]');
    await row.getByTestId('rule-edit-button').click();
    const editor = page.getByTestId('rule-editor');
    expect(await editor.getByTestId('rule-kind-engagement').isChecked()).toBe(true);
    await editor.getByTestId('rule-period_count').fill('1');
    await editor.getByTestId('rule-period_days').fill('1');
    await editor.getByTestId('rule-save-button').click();
    await row.getByTestId('rule-caps').filter({ hasText: '1 per 1 day' }).waitFor({ timeout: LIVE });
    const rule = (await rulesetVersion()).items.find((candidate) => candidate.name === 'Email opened');
    expect(rule).toMatchObject({ kind: 'engagement', event_type: 'EMAIL_OPEN', max_per_period: { count: 1, days: 1 } });
  });

  it('ran every page of the session without a Content-Security-Policy violation', () => {
    expect(session.cspViolations).toEqual([]);
  });
});
