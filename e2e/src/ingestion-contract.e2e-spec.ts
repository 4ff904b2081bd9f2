import { LeadDetail } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

async function leadOf(system: RunningSystem, id: string, expectedEvents: number): Promise<LeadDetail> {
  return waitFor(`lead ${id} with ${expectedEvents} events`, async () => {
    const response = await system.read(`/api/leads/${encodeURIComponent(id)}`);
    if (response.status !== 200) return undefined;
    const lead = (await response.json()) as LeadDetail;
    return lead.event_count === expectedEvents ? lead : undefined;
  }, 30_000);
}

function post(system: RunningSystem, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${system.url('ingestion-gateway')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey, ...headers },
    body,
  });
}

describe('ingestion contract (SPEC.md "The event" and "Ingestion endpoints")', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('ingestion-contract', { RATE_LIMIT_PER_SECOND: '0' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('accepts the valid items of a batch, rejects the others by index and field, and counts duplicates', async () => {
    const response = await post(system, '/api/events/batch', JSON.stringify({
      events: [
        { event_id: 'b-1', event_type: 'email_open', metadata: { email: 'Carol@Fabrikam.com' } },
        { event_id: 'b-2', event_type: 'PAGE_VIEW', metadata: { email: 'not-an-email' } },
        { event_id: 'b-1', event_type: 'EMAIL_OPEN', metadata: { email: 'carol@fabrikam.com' } },
        { eventId: 'b-3', event_type: 'FORM_SUBMISSION', occurred_at: '2026-01-10T11:33:22+01:00', metadata: { email: 'carol@fabrikam.com' } },
      ],
    }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: 1,
      results: [
        { index: 0, event_id: 'b-1', status: 'accepted', errors: [] },
        { index: 1, event_id: 'b-2', status: 'rejected', errors: [{ field: 'metadata.email', message: 'must be an email' }] },
        { index: 2, event_id: 'b-1', status: 'duplicate', errors: [] },
        { index: 3, event_id: 'b-3', status: 'accepted', errors: [] },
      ],
    });
    const lead = await leadOf(system, 'carol@fabrikam.com', 2);
    expect(lead.score).toBe(30);
    expect(lead.company).toBe('fabrikam.com');

    const bare = await post(system, '/api/events/batch', JSON.stringify([{ event_type: 'X', metadata: {} }]));
    expect(bare.status).toBe(400);
    expect((await bare.json()).details).toEqual([{ field: 'events.0.metadata.email', message: expect.any(String) }]);
  });

  it('stores and scores one of 20 concurrent copies of an event', async () => {
    const event = JSON.stringify({ event_id: 'storm-1', event_type: 'DEMO_REQUEST', metadata: { email: 'dave@northwind.com' } });
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await post(system, '/api/events', event)).status));
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const lead = await leadOf(system, 'dave@northwind.com', 1);
    expect(lead.score).toBe(50);
  });

  it('settles a duplicate of an event it folded without reading the lead log; a new worker process reads it', async () => {
    const markers = async (check: 'remembered' | 'log') => {
      const text = await (await fetch(`${system.url('scoring-worker')}/metrics`)).text();
      return Number(new RegExp(`^recheck_markers_total\\{check="${check}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    };
    const event = JSON.stringify({ event_id: 'again-1', event_type: 'EMAIL_OPEN', metadata: { email: 'erin@northwind.com' } });
    expect((await post(system, '/api/events', event)).status).toBe(202);
    await leadOf(system, 'erin@northwind.com', 1);
    const [remembered, read] = [await markers('remembered'), await markers('log')];
    expect((await post(system, '/api/events', event)).status).toBe(200);
    await waitFor('the duplicate settled from memory', async () => (await markers('remembered')) === remembered + 1, 15_000);
    expect(await markers('log')).toBe(read);

    // A new process remembers nothing: it checks the lead's log, and still counts the event once.
    const worker = system.processes.find((process) => process.name === 'scoring-worker' && process.running);
    await worker?.stop();
    await system.startService('scoring-worker');
    expect((await post(system, '/api/events', event)).status).toBe(200);
    await waitFor("the duplicate settled by reading the lead's log", async () => (await markers('log')) === 1, 15_000);
    expect(await markers('remembered')).toBe(0);
    expect(await leadOf(system, 'erin@northwind.com', 1)).toMatchObject({ score: 10 });
  });

  it('stores concurrent single events together (group commit), answers each its own, and scores them all', async () => {
    const commits = async () => {
      const text = await (await fetch(`${system.url('ingestion-gateway')}/metrics`)).text();
      const count = (name: string) => Number(new RegExp(`^ingest_commit_events_${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      return { inserts: count('count'), events: count('sum') };
    };
    const before = await commits();
    const requests = 40;
    const responses = await Promise.all(Array.from({ length: requests }, async (_, i) => {
      const response = await post(system, '/api/events', JSON.stringify({ event_id: `group-${i}`, event_type: 'PAGE_VIEW', metadata: { email: `group${i % 4}@contoso.com` } }));
      return { status: response.status, body: (await response.json()) as { event_id: string; status: string } };
    }));
    expect(responses.map(({ status, body }) => [status, body.status])).toEqual(Array.from({ length: requests }, () => [202, 'accepted']));
    expect(new Set(responses.map(({ body }) => body.event_id))).toEqual(new Set(Array.from({ length: requests }, (_, i) => `group-${i}`)));
    const after = await commits();
    expect(after.events - before.events).toBe(requests);
    expect(after.inserts - before.inserts).toBeLessThan(requests / 2);
    for (let lead = 0; lead < 4; lead++) expect((await leadOf(system, `group${lead}@contoso.com`, requests / 4)).score).toBe(5 * (requests / 4));
  });

  it('keys events by the Idempotency-Key header, else by content when stamped, else afresh', async () => {
    const unkeyed = { event_type: 'PAGE_VIEW', metadata: { email: 'erin@adatum.com', url: '/pricing' } };
    const byHeader = [await post(system, '/api/events', JSON.stringify(unkeyed), { 'idempotency-key': 'k-1' }), await post(system, '/api/events', JSON.stringify(unkeyed), { 'idempotency-key': 'k-1' })];
    expect(byHeader.map((response) => response.status)).toEqual([202, 200]);
    const stamped = { ...unkeyed, timestamp: '2026-01-05T10:00:00Z' };
    const byContent = [await post(system, '/api/events', JSON.stringify(stamped)), await post(system, '/api/events', JSON.stringify({ ...stamped, metadata: { url: '/pricing', email: 'erin@adatum.com' } }))];
    expect(byContent.map((response) => response.status)).toEqual([202, 200]);
    const fresh = [await post(system, '/api/events', JSON.stringify(unkeyed)), await post(system, '/api/events', JSON.stringify(unkeyed))];
    expect(fresh.map((response) => response.status)).toEqual([202, 202]);
    expect((await leadOf(system, 'erin@adatum.com', 4)).score).toBe(20);
  });

  it('gives lead_id-only events to the lead holding the alias, and keeps an alias with its first owner', async () => {
    expect((await post(system, '/api/events', JSON.stringify({ event_type: 'EMAIL_OPEN', metadata: { email: 'frank@litware.com', lead_id: 'CRM-7' } }))).status).toBe(202);
    await leadOf(system, 'frank@litware.com', 1);
    expect((await post(system, '/api/events', JSON.stringify({ event_type: 'PURCHASE', metadata: { lead_id: 'CRM-7' } }))).status).toBe(202);
    expect((await post(system, '/api/events', JSON.stringify({ event_type: 'PAGE_VIEW', metadata: { email: 'grace@litware.com', lead_id: 'CRM-7' } }))).status).toBe(202);
    expect((await leadOf(system, 'frank@litware.com', 2)).score).toBe(110);
    expect((await leadOf(system, 'CRM-7', 2)).email).toBe('frank@litware.com');
    expect((await leadOf(system, 'grace@litware.com', 1)).score).toBe(5);
  });

  it('answers 413 for oversized bodies, 415 for other content types, 401 without a key, with security headers', async () => {
    const huge = JSON.stringify({ event_type: 'X', metadata: { email: 'a@b.io', blob: 'x'.repeat(70_000) } });
    const tooLarge = await post(system, '/api/events', huge);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toBe('payload_too_large');
    const overLimit = await post(system, '/api/events', JSON.stringify({ event_type: 'X', metadata: { email: 'a@b.io', blob: 'x'.repeat(40_000) } }));
    expect(overLimit.status).toBe(400);
    expect((await overLimit.json()).details).toEqual([{ field: 'body', message: 'must be at most 32 KB' }]);
    const bigBatch = await post(system, '/api/events/batch', JSON.stringify({ events: Array.from({ length: 200 }, () => JSON.parse(huge)) }));
    expect(bigBatch.status).toBe(413);
    const text = await post(system, '/api/events', 'event_type=PURCHASE', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const anonymous = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, { method: 'POST', body: '[]', headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-content-type-options')).toBe('nosniff');
    expect(anonymous.headers.get('x-powered-by')).toBeNull();
  });
});

describe('rate limiting', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('rate-limit', { RATE_LIMIT_PER_SECOND: '5' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('answers 429 with Retry-After past the per-key limit, and serves the key again in the next second', async () => {
    const event = JSON.stringify({ event_type: 'PAGE_VIEW', metadata: { email: 'hank@contoso.com' } });
    // Start at the beginning of a second so that all 12 requests fall into one window.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const responses = await Promise.all(Array.from({ length: 12 }, () => post(system, '/api/events', event)));
    const limited = responses.filter((response) => response.status === 429);
    const accepted = responses.filter((response) => response.status === 202);
    // 5 a second: 12 requests within one window let 5 through; a slow machine may straddle two windows (10).
    expect(accepted.length + limited.length).toBe(12);
    expect(accepted.length).toBeGreaterThanOrEqual(5);
    expect(accepted.length).toBeLessThanOrEqual(10);
    expect(limited[0].headers.get('retry-after')).toBe('1');
    expect((await limited[0].json()).error).toBe('rate_limited');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await post(system, '/api/events', event)).status).toBe(202);
  });
});

describe('API documentation', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('api-docs');
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('serves the OpenAPI document and Swagger UI at /api/docs without a key', async () => {
    const document = await (await fetch(`${system.url('ingestion-gateway')}/api/docs/openapi.json`)).json();
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/events', '/api/events/batch', '/api/events/upload', '/api/webhook']));
    expect(document.components.schemas.Event.required).toEqual(['event_type', 'metadata']);
    const page = await fetch(`${system.url('ingestion-gateway')}/api/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    const initializer = await (await fetch(`${system.url('ingestion-gateway')}/api/docs/swagger-initializer.js`)).text();
    expect(initializer).toContain('/api/docs/openapi.json');
  });
});
