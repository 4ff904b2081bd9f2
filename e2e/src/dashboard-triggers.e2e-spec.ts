import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { Page } from 'playwright-core';
import { freePort, waitFor } from './support/ports';
import { RunningSystem } from './support/services';
import { DashboardSession, LIVE } from './support/dashboard-session';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A tiny real webhook receiver on loopback: records every request and answers 202, or `refuse` (e.g. 410) to the
 * requests whose body mentions one of `refusing`.
 */
async function startReceiver() {
  const received: Received[] = [];
  const refusing = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path: request.url ?? '/', headers: request.headers, body });
      const refused = [...refusing].some((email) => body.includes(email));
      response.writeHead(refused ? 410 : 202, { 'content-type': 'text/plain' }).end(refused ? 'gone: this lead is not wanted' : 'accepted by the e2e receiver');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks/leads`,
    received,
    refusing,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Standard Webhooks: HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" with the secret's bytes. */
function signatureOf(secret: string, headers: IncomingHttpHeaders, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64')}`;
}

interface WebhookBody {
  type: string;
  data: { trigger: { id: string; name: string }; lead: { email: string | null }; firing: { n: number; score_before: number; score_after: number } };
}

// One signed-in page, like a user's session: leads exist, a trigger is created in the UI, a test send reaches the
// receiver, a lead crosses the line and its delivery shows up live; a refused one is retried from the UI.
describe('dashboard triggers in headless Chromium against the running system', () => {
  let system: RunningSystem;
  let session: DashboardSession;
  let dashboard: DashboardSession['dashboard'];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let page: Page;
  let secret = '';
  const already = 'already.hot@triggers.example';
  const crossing = 'crossing@triggers.example';
  const refused = 'refused@triggers.example';

  const go = (nav: string, heading: string) => session.go(nav, heading);
  const shoot = (name: string) => session.shoot(name);
  const scored = (email: string, score: number) =>
    waitFor(`${email} to score ${score}`, async () => {
      const response = await system.read(`/api/leads/${encodeURIComponent(email)}`);
      return response.status === 200 && ((await response.json()) as { score: number }).score === score;
    }, LIVE);
  const send = async (email: string, event_type: string) => {
    expect((await system.postEvent({ event_type, metadata: { email, name: email.split('@')[0] } })).status).toBe(202);
  };
  const deliveryRow = (email: string, status?: string) =>
    page.locator(`[data-testid="delivery-row"]${status ? `[data-status="${status}"]` : ''}`, { has: page.getByTestId('delivery-lead-link').filter({ hasText: email }) });
  const webhooksFor = (email: string) => receiver.received.filter((request) => request.body.includes(email)).map((request) => ({ ...request, json: JSON.parse(request.body) as WebhookBody }));

  beforeAll(async () => {
    receiver = await startReceiver();
    // The receiver is on loopback, which the gateway and worker refuse by default (SSRF guard).
    session = await DashboardSession.open('dashboard-triggers', { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' }, { permissions: ['clipboard-read', 'clipboard-write'] });
    ({ system, dashboard, page } = session);

    // Two leads before the trigger exists: one already past 50 (DEMO_REQUEST: 50), one below it (PAGE_VIEW: 5).
    await send(already, 'DEMO_REQUEST');
    await send(crossing, 'PAGE_VIEW');
    await send(refused, 'PAGE_VIEW');
    await Promise.all([scored(already, 50), scored(crossing, 5), scored(refused, 5)]);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await receiver?.close();
  });

  it('creates a trigger with a live preview and shows its secret once', async () => {
    await page.goto(dashboard.url);
    await page.getByTestId('api-key-input').fill(system.adminKey);
    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('connection-status').filter({ hasText: 'live' }).waitFor({ timeout: LIVE });
    await go('triggers', 'Triggers');
    await page.getByTestId('empty-state').filter({ hasText: 'No triggers yet' }).waitFor({ timeout: LIVE });

    await page.getByTestId('trigger-new-button').click();
    await page.getByTestId('trigger-name').fill('Sales: lead reached 50');
    await page.getByTestId('trigger-url').fill('ftp://not-a-webhook');
    await page.getByTestId('trigger-value').fill('50');
    // The browser checks the form like the gateway does and names the field.
    await page.getByTestId('trigger-save-button').click();
    await page.getByTestId('trigger-url-error').filter({ hasText: 'http://' }).waitFor({ timeout: 10_000 });
    // The gateway's own checks come back next to the field too: a cloud metadata address is refused even here.
    await page.getByTestId('trigger-url').fill('http://169.254.169.254/latest/meta-data');
    await page.getByTestId('trigger-save-button').click();
    await page.getByTestId('trigger-save-error').waitFor({ timeout: LIVE });
    const refusal = await page.getByTestId('trigger-url-error').textContent();
    expect(refusal).toBeTruthy();
    expect(refusal).not.toContain('e.g. https://hooks.example.com');
    await page.getByTestId('trigger-url').fill(receiver.url);
    expect(await page.getByTestId('trigger-url-error').count()).toBe(0);

    // Live preview: 1 of the 3 leads is past 50 already; it will be suppressed, not sent.
    await page.locator('[data-testid="trigger-preview"][data-matching="1"][data-total="3"]').waitFor({ timeout: LIVE });
    expect(await page.getByTestId('trigger-preview').textContent()).toBe('1 of 3 leads is past this line now: it will be recorded as suppressed, not sent.');
    await page.getByTestId('trigger-value').fill('4');
    await page.locator('[data-testid="trigger-preview"][data-matching="3"][data-total="3"]').waitFor({ timeout: LIVE });
    await page.getByTestId('trigger-value').fill('50');
    await page.locator('[data-testid="trigger-preview"][data-matching="1"]').waitFor({ timeout: LIVE });
    // Hysteresis: announced at 50, again only after falling below 40.
    await page.getByTestId('trigger-rearm').fill('40');
    expect(await page.getByTestId('trigger-hysteresis-hint').textContent()).toBe('Announced once when it reaches 50; again only after falling below 40.');
    await page.locator('[data-testid="trigger-preview"][data-matching="1"]').waitFor({ timeout: LIVE });
    await shoot('trigger-editor');

    await page.getByTestId('trigger-save-button').click();
    const notice = page.getByTestId('trigger-secret-notice');
    await notice.waitFor({ timeout: LIVE });
    secret = await page.getByTestId('trigger-secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    expect(await notice.textContent()).toContain('shown only this once');
    await page.getByTestId('trigger-secret-copy').click();
    await page.getByTestId('trigger-secret-copy').filter({ hasText: 'Copied' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.getByTestId('trigger-secret-dismiss').click();
    expect(await page.getByTestId('trigger-secret').count()).toBe(0);

    const row = page.locator('[data-testid="trigger-row"][data-trigger-name="Sales: lead reached 50"]');
    await row.waitFor({ timeout: LIVE });
    expect(await row.getByTestId('trigger-condition-text').textContent()).toBe('Score reaches 50; again after falling below 40');
    expect(await row.getAttribute('data-active')).toBe('true');
    // The lead that was past the line before the trigger existed is recorded as suppressed, never sent: at the
    // latest when it is scored again, here by one more event.
    await page.getByTestId('deliveries-panel').waitFor({ timeout: LIVE });
    await send(already, 'PAGE_VIEW');
    await scored(already, 55);
    await deliveryRow(already, 'suppressed').waitFor({ timeout: LIVE });
    expect(webhooksFor(already)).toEqual([]);
  });

  it('sends a test and shows what the receiver answered', async () => {
    const before = receiver.received.length;
    await page.getByTestId('trigger-test-button').click();
    const result = page.locator('[data-testid="trigger-test-result"][data-status-code="202"]');
    await result.waitFor({ timeout: LIVE });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('HTTP 202');
    expect(await page.getByTestId('trigger-test-excerpt').textContent()).toContain('accepted by the e2e receiver');
    expect(receiver.received.length).toBe(before + 1);
    expect(receiver.received[before].path).toBe('/hooks/leads');
  });

  it('shows a delivered delivery live when a lead crosses the line, signed with the secret', async () => {
    await send(crossing, 'DEMO_REQUEST');
    await scored(crossing, 55);
    const row = deliveryRow(crossing, 'delivered');
    await row.waitFor({ timeout: LIVE });
    expect(await row.getAttribute('data-firing')).toBe('1');
    expect(await row.getByTestId('delivery-score').textContent()).toBe('5 → 55');
    await row.getByTestId('delivery-attempts-toggle').click();
    await page.locator('[data-testid="delivery-attempt"][data-status-code="202"]').first().waitFor({ timeout: 10_000 });

    const [webhook] = webhooksFor(crossing);
    expect(webhooksFor(crossing)).toHaveLength(1);
    expect(webhook.json).toMatchObject({ type: 'lead.trigger', data: { trigger: { name: 'Sales: lead reached 50' }, lead: { email: crossing }, firing: { n: 1, score_before: 5, score_after: 55 } } });
    expect(String(webhook.headers['webhook-signature']).split(' ')).toContain(signatureOf(secret, webhook.headers, webhook.body));

    // The status tabs filter the list.
    await page.getByTestId('delivery-tab-delivered').click();
    await page.locator('[role="tabpanel"][data-status="delivered"]').waitFor({ timeout: 10_000 });
    await deliveryRow(crossing, 'delivered').waitFor({ timeout: LIVE });
    expect(await deliveryRow(already).count()).toBe(0);
    await page.getByTestId('delivery-tab-all').click();
    await deliveryRow(already, 'suppressed').waitFor({ timeout: LIVE });
    await shoot('triggers');
  });

  it('retries a delivery the receiver refused', async () => {
    receiver.refusing.add(refused);
    await send(refused, 'DEMO_REQUEST');
    await page.getByTestId('delivery-tab-failed').click();
    const failed = deliveryRow(refused, 'failed');
    await failed.waitFor({ timeout: LIVE });
    await failed.getByTestId('delivery-attempts-toggle').click();
    await page.locator('[data-testid="delivery-attempt"][data-status-code="410"]').waitFor({ timeout: 10_000 });

    receiver.refusing.delete(refused);
    await failed.getByTestId('delivery-retry-button').click();
    await page.getByTestId('delivery-tab-delivered').click();
    await deliveryRow(refused, 'delivered').waitFor({ timeout: LIVE });
    const webhooks = webhooksFor(refused);
    expect(webhooks.length).toBe(2);
    // A retry is the same delivery: the same webhook-id, so a receiver can drop a duplicate.
    expect(webhooks[1].headers['webhook-id']).toBe(webhooks[0].headers['webhook-id']);
  });

  it("lists the lead's firings on its page", async () => {
    await page.getByTestId('delivery-tab-all').click();
    await deliveryRow(crossing, 'delivered').getByTestId('delivery-lead-link').click();
    await page.getByTestId('lead-detail').waitFor({ timeout: LIVE });
    const firing = page.locator('[data-testid="firing-row"][data-status="delivered"]');
    await firing.waitFor({ timeout: LIVE });
    expect(await firing.getAttribute('data-firing')).toBe('1');
    await firing.getByTestId('firing-trigger').filter({ hasText: 'Sales: lead reached 50' }).waitFor({ timeout: LIVE });
    expect(await firing.textContent()).toContain('5 → 55');
    await shoot('lead-firings');
  });

  it('rotates the secret, lists the delivery queue and deletes the trigger', async () => {
    await go('triggers', 'Triggers');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('trigger-rotate-button').click();
    await page.getByTestId('trigger-secret-notice').filter({ hasText: '24 hours' }).waitFor({ timeout: LIVE });
    const rotated = await page.getByTestId('trigger-secret').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByTestId('trigger-secret-dismiss').click();

    await go('system', 'System');
    const queue = page.locator('[data-testid="queue-row"][data-queue="trigger-deliveries"]');
    await queue.waitFor({ timeout: LIVE });
    expect(await queue.getByTestId('queue-label').textContent()).toBe('Trigger webhooks');

    await go('triggers', 'Triggers');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('trigger-delete-button').click();
    await page.getByTestId('empty-state').filter({ hasText: 'No triggers yet' }).waitFor({ timeout: LIVE });
  });

  it('ran every page of the session without a Content-Security-Policy violation', () => {
    expect(session.cspViolations).toEqual([]);
  });
});
