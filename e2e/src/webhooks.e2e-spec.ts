import { createHmac, randomBytes } from 'node:crypto';
import { LeadDetail } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

const defaultSecret = randomBytes(32);
const shopOldSecret = randomBytes(32);
const shopNewSecret = randomBytes(32);
const whsec = (secret: Buffer) => `whsec_${secret.toString('base64')}`;

/** Signs like a Standard Webhooks sender: HMAC-SHA256 over "{id}.{timestamp}.{body}". */
function sign(secret: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('signed webhooks', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('webhooks', {
      WEBHOOK_SECRETS: `default=${whsec(defaultSecret)},shop=${whsec(shopOldSecret)},shop=${whsec(shopNewSecret)}`,
      WEBHOOK_EVENT_TYPES: 'shop:order.paid=PURCHASE',
      RATE_LIMIT_PER_SECOND: '0',
    });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  function deliver(path: string, body: string, headers: { id?: string; timestamp?: number; signature?: string }) {
    const all: Record<string, string> = { 'content-type': 'application/json' };
    if (headers.id) all['webhook-id'] = headers.id;
    if (headers.timestamp !== undefined) all['webhook-timestamp'] = String(headers.timestamp);
    if (headers.signature) all['webhook-signature'] = headers.signature;
    return fetch(`${system.url('ingestion-gateway')}${path}`, { method: 'POST', headers: all, body });
  }

  async function leadOf(email: string): Promise<LeadDetail> {
    return waitFor(`${email} to be scored`, async () => {
      const response = await system.read(`/api/leads/${email}`);
      return response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
    }, 30_000);
  }

  it('maps a signed envelope to an event, stores it once per webhook-id and scores it', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Whitespace and key order as the sender wrote them: the signature covers these exact bytes.
    const body = '{ "type": "demo.requested", "timestamp": "2026-01-08T09:00:00Z",\n  "data": { "email": "Jane@Contoso.com", "name": "Jane Roe" } }';
    const signed = { id: 'msg_1', timestamp: now, signature: `v1,bm90IGEgc2lnbmF0dXJl ${sign(defaultSecret, 'msg_1', now, body)}` };
    const first = await deliver('/api/webhook', body, signed);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0, results: [{ event_id: expect.stringMatching(/^whk_default_[0-9a-f]{40}$/), status: 'accepted' }] });
    const redelivery = await deliver('/api/webhook', body, signed);
    expect(await redelivery.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const lead = await leadOf('jane@contoso.com');
    expect(lead).toMatchObject({ score: 50, name: 'Jane Roe', event_count: 1 });
  });

  it('accepts every secret of a source during rotation and its own type mapping, arrays included', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify([
      { type: 'order.paid', data: { email: 'kim@fabrikam.com' } },
      { event_type: 'EMAIL_OPEN', metadata: { email: 'kim@fabrikam.com' }, event_id: 'shop-own-id' },
    ]);
    const response = await deliver('/api/webhooks/shop', body, { id: 'evt_9', timestamp: now, signature: sign(shopNewSecret, 'evt_9', now, body) });
    expect(response.status).toBe(202);
    expect((await response.json()).results).toEqual([
      { event_id: expect.stringMatching(/^whk_shop_[0-9a-f]{40}$/), status: 'accepted' },
      { event_id: 'shop-own-id', status: 'accepted' },
    ]);
    const lead = await waitFor('kim with both events', async () => {
      const current = await leadOf('kim@fabrikam.com');
      return current.event_count === 2 ? current : undefined;
    });
    expect(lead.score).toBe(110);
  });

  it('answers 401 naming the header for a wrong, missing or stale signature, and for a source without a secret', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'page.viewed', data: { email: 'lee@adatum.com' } });
    const cases: [string, { id?: string; timestamp?: number; signature?: string }, string][] = [
      ['/api/webhook', { id: 'a', timestamp: now, signature: sign(shopOldSecret, 'a', now, body) }, 'webhook-signature'],
      ['/api/webhook', { id: 'a', timestamp: now, signature: sign(defaultSecret, 'a', now, `${body} `) }, 'webhook-signature'],
      ['/api/webhook', { timestamp: now, signature: sign(defaultSecret, 'a', now, body) }, 'webhook-id'],
      ['/api/webhook', { id: 'a', timestamp: now - 600, signature: sign(defaultSecret, 'a', now - 600, body) }, 'webhook-timestamp'],
    ];
    for (const [path, headers, field] of cases) {
      const response = await deliver(path, body, headers);
      expect(response.status).toBe(401);
      expect((await response.json()).details).toEqual([{ field, message: expect.any(String) }]);
    }
    const unknown = await deliver('/api/webhooks/crm', body, { id: 'a', timestamp: now, signature: sign(defaultSecret, 'a', now, body) });
    expect(unknown.status).toBe(401);
    const invalid = JSON.stringify({ type: 'page.viewed', data: { email: 'nope' } });
    const rejected = await deliver('/api/webhook', invalid, { id: 'b', timestamp: now, signature: sign(defaultSecret, 'b', now, invalid) });
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).details).toEqual([{ field: 'metadata.email', message: 'must be an email' }]);
  });
});
