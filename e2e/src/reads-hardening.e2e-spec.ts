import mongoose from 'mongoose';
import { DEFAULT_SETTINGS, Page, ScoreDistribution } from '@lead-scoring/contracts';
import { EVENTS_COLLECTION, EventDocument, EventRepository, EventSchema, PENDING_EVENTS_COLLECTION, PendingEntry, PendingEntrySchema } from '@lead-scoring/persistence';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { allPages } from './support/read-model';
import { RunningSystem } from './support/services';

// Hostile reads and settings: numbers an admin sets are bounded, cursors are checked, a lead's timeline is read a
// page at a time. Each of these once answered 500 or did work proportional to the data instead of the page.

const EMAIL = 'timeline@example.com';
const EVENTS = 23;

describe('reads and settings under hostile input', () => {
  let system: RunningSystem;
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${system.url('ingestion-gateway')}${path}`, {
      method, headers: { 'content-type': 'application/json', authorization: `Bearer ${system.adminKey}` }, body: JSON.stringify(body),
    });
  const expect400Naming = async (response: Response, field: string) => {
    expect(response.status).toBe(400);
    expect(((await response.json()) as { details: { field: string }[] }).details.map((detail) => detail.field)).toContain(field);
  };

  beforeAll(async () => {
    system = await startSystem('reads-hardening', { RATE_LIMIT_PER_SECOND: '0' });
    // One lead whose events share timestamps in threes (the event id breaks the tie), sent in reverse order.
    const base = Date.now() - 3_600_000;
    for (let i = EVENTS - 1; i >= 0; i--) {
      const response = await system.postEvent({
        event_id: `tl_${String(i).padStart(2, '0')}`, event_type: 'PAGE_VIEW', timestamp: new Date(base + Math.floor(i / 3) * 60_000).toISOString(), metadata: { email: EMAIL },
      });
      expect(response.status).toBe(202);
    }
    await waitFor('the lead to be scored', async () => {
      const response = await system.read(`/api/leads/${EMAIL}`);
      return response.status === 200 && ((await response.json()) as { score: number }).score === EVENTS * 5;
    }, 60_000);
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('refuses unbounded settings with a 400 naming the field, and keeps the distribution bounded', async () => {
    await expect400Naming(await admin('PUT', '/api/settings', { ...DEFAULT_SETTINGS, min_score: -1e12 }), 'min_score');
    await expect400Naming(await admin('PUT', '/api/settings', { ...DEFAULT_SETTINGS, max_score: 1e12 }), 'max_score');
    await expect400Naming(await admin('PUT', '/api/settings', { ...DEFAULT_SETTINGS, stages: [{ name: 'cold', min: -1e12 }] }), 'stages.0.min');
    await expect400Naming(await admin('POST', '/api/rules', { name: 'many', event_type: 'PAGE_VIEW', points: 1, max_per_lead: 1e12 }), 'max_per_lead');
    const distribution = await system.read('/api/analytics/score-distribution');
    expect(distribution.status).toBe(200);
    expect(((await distribution.json()) as ScoreDistribution).bands.length).toBeLessThanOrEqual(12);
  });

  it('answers a crafted cursor with a 400 naming cursor on every paginated read', async () => {
    const crafted = 'eyJzIjoiLXNjb3JlIiwidiI6IngiLCJpZCI6IngifQ'; // {"s":"-score","v":"x","id":"x"}
    const huge = Buffer.from(JSON.stringify({ t: '2026-01-01T00:00:00.000Z', id: 'x'.repeat(5000) })).toString('base64url');
    for (const path of [
      `/api/leads?cursor=${crafted}`,
      `/api/leads?sort=score&cursor=${crafted}`,
      `/api/leads/${EMAIL}/events?cursor=${crafted}`,
      `/api/leads/${EMAIL}/history?cursor=${crafted}`,
      `/api/leads/${EMAIL}/events?cursor=${huge}`,
      `/api/leads?cursor=%00`,
    ]) {
      await expect400Naming(await system.read(path), 'cursor');
    }
  });

  it('answers 404 on every lead read for an id holding NUL, however it is spelled', async () => {
    for (const id of ['%00', 'ld_%00', `%00${EMAIL}`, 'external%00id']) {
      for (const read of ['', '/events', '/history', '/firings']) {
        const response = await system.read(`/api/leads/${id}${read}`);
        expect({ path: `${id}${read}`, status: response.status }).toEqual({ path: `${id}${read}`, status: 404 });
      }
    }
  });

  it('pages through the events and the history: every item once, in event-time order', async () => {
    const expected = Array.from({ length: EVENTS }, (_, i) => `tl_${String(i).padStart(2, '0')}`);
    for (const limit of [1, 4]) {
      for (const list of ['events', 'history'] as const) {
        const { items, pages } = await allPages(async (cursor) => {
          const response = await system.read(`/api/leads/${EMAIL}/${list}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(response.status).toBe(200);
          return (await response.json()) as Page<{ event_id: string }>;
        });
        expect(items.map((item) => item.event_id)).toEqual(expected);
        expect(pages).toBe(Math.ceil(EVENTS / limit));
      }
    }
  });

  it('reads a page of a lead log with a limited, sorted query, not the whole log', async () => {
    const connection = await mongoose.createConnection(system.environment.MONGO_URI as string).asPromise();
    const queries: { method: string; args: unknown[] }[] = [];
    connection.set('debug', (_collection: string, method: string, ...args: unknown[]) => queries.push({ method, args }));
    try {
      const model = connection.model<EventDocument>(EVENTS_COLLECTION, EventSchema);
      const uri = system.environment.MONGO_URI as string;
      const persistence = { mongoUri: uri, mongoPoolSize: 2, updatesPerCommand: 8, redisUrl: system.infra.redisUrl, keyPrefix: 'unused' };
      const events = new EventRepository(model, connection.model<PendingEntry>(PENDING_EVENTS_COLLECTION, PendingEntrySchema), persistence);
      const leadKey = ((await model.findOne({ event_id: 'tl_00' }).lean().exec()) as { lead_key: string }).lead_key;
      const after = (await model.findOne({ event_id: 'tl_04' }).lean().exec()) as { timestamp: Date };
      queries.length = 0;
      const page = await events.pageForLead(leadKey, { timestamp: after.timestamp.toISOString(), event_id: 'tl_04' }, 2);
      expect(page.items.map((event) => event.event_id)).toEqual(['tl_05', 'tl_06']);
      expect(page.more).toBe(true);
      const finds = queries.filter((query) => query.method === 'find');
      expect(finds).toHaveLength(1);
      const options = finds[0].args.find((arg): arg is { limit: number; sort: unknown } => typeof arg === 'object' && arg !== null && 'limit' in arg);
      expect(options).toMatchObject({ limit: 3, sort: { timestamp: 1, event_id: 1 } });
    } finally {
      await connection.close();
    }
  });
});
