import { MongoClient } from 'mongodb';
import {
  ActivityTrend, AnalyticsSummary, CompanyDistribution, HistoryPage, LeadDetail, LeadEventsPage, LeaderboardResponse, LeadsPage, QueuesStatus, ScoreDistribution,
} from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import {
  ModelEvent, ModelLead, activityOf, allPages, byEventTime, companiesOf, defaultActivityRange, leadsOf, scoreDistributionOf, sortLeads, summaryOf,
} from './support/read-model';
import { RunningSystem } from './support/services';
import { generator } from './support/seeded-random';

// SPEC.md "Reads": every endpoint's answer is checked against a model computed here from the events sent.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TYPES = ['EMAIL_OPEN', 'PAGE_VIEW', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE'];
// Company names that would break as document keys ('.' and a leading '$'), and one lead without a company.
const COMPANIES = ['Acme.Inc', '$Dollar Co', 'Globex', 'Acme.Inc', 'Globex', 'Acme.Inc'];
const NAMES = ['zoe Quinn', 'Adam Smith', 'bob Stone', 'Carla Diaz', 'adam smith', 'Dana Wu', 'Eve Park', 'frank Ode', 'Gus Hale', 'Hana Ito', 'Ivan Roe', 'Jo Kim', 'Kim Lu'];

/** 13 leads with 1-8 events each over the last 12 days, a few in the last hour; scores stay below the cap. */
function generateEvents(now: number): ModelEvent[] {
  const random = generator(Number(process.env.E2E_SEED ?? 20261201));
  const events: ModelEvent[] = [];
  NAMES.forEach((name, i) => {
    const email = i === NAMES.length - 1 ? 'kim.lu@gmail.com' : `lead${i}@example${i % 3}.com`;
    const company = i === NAMES.length - 1 ? undefined : COMPANIES[i % COMPANIES.length];
    const count = 1 + Math.floor(random() * 8);
    for (let k = 0; k < count; k++) {
      const recent = random() < 0.2;
      const age = recent ? Math.floor(random() * 50 * 60_000) + 60_000 : Math.floor(random() * 12 * DAY) + 2 * HOUR;
      events.push({
        event_id: `rd_${i}_${k}`, event_type: TYPES[Math.floor(random() * TYPES.length)], timestamp: new Date(now - age).toISOString(), email, name, company,
      });
    }
  });
  return events;
}

describe('Reads (realtime gateway)', () => {
  let system: RunningSystem;
  const get = async <T>(path: string): Promise<T> => {
    const response = await system.read(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    system = await startSystem('reads', { RATE_LIMIT_PER_SECOND: '0' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('answers zeros and empty lists on an empty database', async () => {
    const summary = await get<AnalyticsSummary>('/api/analytics/summary');
    expect(summary).toMatchObject({
      total_leads: 0, total_events: 0, events_last_24h: 0, average_score: 0, events_by_type: [], newest_event_at: null,
      leads_by_stage: [{ stage: 'cold', count: 0 }, { stage: 'warm', count: 0 }, { stage: 'hot', count: 0 }, { stage: 'qualified', count: 0 }],
    });
    const activity = await get<ActivityTrend>('/api/analytics/activity');
    expect(activity.bucket).toBe('day');
    expect(activity.points).toHaveLength(30);
    expect(activity.points.every((point) => point.total === 0)).toBe(true);
    expect(Date.parse(activity.to)).toBeGreaterThan(Date.now());
    expect(await get('/api/analytics/companies')).toEqual({ items: [] });
    const distribution = await get<ScoreDistribution>('/api/analytics/score-distribution');
    expect(distribution.bands).toHaveLength(11);
    expect(distribution.bands.every((band) => band.count === 0)).toBe(true);
    expect(await get('/api/leads')).toEqual({ items: [], next_cursor: null, total: 0 });
    expect(await get('/api/leads?stage=hot&company=Acme&q=x&sort=name')).toEqual({ items: [], next_cursor: null, total: 0 });
    expect((await get<LeaderboardResponse>('/api/leaderboard')).items).toEqual([]);
  });

  it.each([
    ['/api/leads?sort=rank', 'sort'],
    ['/api/leads?limit=0', 'limit'],
    ['/api/leads?limit=201', 'limit'],
    ['/api/leads?cursor=not-a-cursor', 'cursor'],
    [`/api/leads?sort=name&cursor=${Buffer.from(JSON.stringify({ s: '-score', v: 1, id: 'x' })).toString('base64url')}`, 'cursor'],
    ['/api/leads?q=' + 'x'.repeat(201), 'q'],
    ['/api/analytics/activity?bucket=week', 'bucket'],
    ['/api/analytics/activity?from=yesterday', 'from'],
    ['/api/analytics/activity?to=2026-13-45', 'to'],
    ['/api/analytics/activity?from=2026-02-01&to=2026-01-01', 'to'],
    ['/api/analytics/activity?bucket=hour&from=2025-01-01&to=2026-01-01', 'from'],
    ['/api/analytics/companies?limit=101', 'limit'],
    ['/api/leads/nobody@example.com/history?cursor=zz', 'cursor'],
    ['/api/leads/nobody@example.com/events?limit=501', 'limit'],
  ])('GET %s is a 400 naming %s', async (path, field) => {
    const response = await system.read(path);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ error: 'validation_failed' });
    expect(body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
  });

  it.each(['/api/leads/nobody@example.com', '/api/leads/ld_00000000000000000000/history', '/api/leads/L-unknown/events'])('GET %s is a 404', async (path) => {
    const response = await system.read(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('needs the admin key', async () => {
    for (const path of ['/api/leads', '/api/analytics/summary', '/api/analytics/activity', '/api/analytics/companies', '/api/analytics/score-distribution']) {
      expect((await fetch(`${system.url('realtime-gateway')}${path}`)).status).toBe(401);
    }
    expect((await fetch(`${system.url('realtime-gateway')}/api/system/rollups/rebuild`, { method: 'POST' })).status).toBe(401);
  });

  describe('with a known event set', () => {
    let leads: ModelLead[];

    beforeAll(async () => {
      const events = generateEvents(Date.now());
      leads = leadsOf(events);
      const response = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
        body: JSON.stringify({ events: events.map(({ event_id, event_type, timestamp, email, name, company }) => ({ event_id, event_type, timestamp, metadata: { email, name, company } })) }),
      });
      expect(response.status).toBe(202);
      expect(await response.json()).toMatchObject({ accepted: events.length, rejected: 0 });
      await waitFor('every event scored', async () => {
        const summary = await get<AnalyticsSummary>('/api/analytics/summary');
        const board = await get<LeaderboardResponse>('/api/leaderboard?limit=100');
        return summary.total_events === events.length && board.items.length === leads.length;
      }, 60_000);
    });

    it('ranks the leaderboard by score', async () => {
      const board = await get<LeaderboardResponse>('/api/leaderboard?limit=10');
      const expected = sortLeads(leads, '-score').slice(0, 10);
      expect(board.items).toEqual(expected.map((lead, i) => ({
        rank: i + 1, lead_id: lead.lead_id, email: lead.email, name: lead.name, company: lead.company, score: lead.score, stage: lead.stage, last_event_at: lead.last_event_at,
        // No trait matches a default fit rule in this event set: fit 0 (C), engagement by the default bands.
        fit_score: 0, grade: `C${lead.score >= 200 ? 1 : lead.score >= 50 ? 2 : 3}`,
      })));
    });

    it.each(['-score', 'score', '-last_event_at', 'last_event_at', 'name', '-name', 'email', '-email'])('lists leads by %s, 4 per page, to the end', async (sort) => {
      const { items, pages } = await allPages((cursor) => get<LeadsPage>(`/api/leads?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`));
      expect(items.map((lead) => lead.lead_id)).toEqual(sortLeads(leads, sort).map((lead) => lead.lead_id));
      expect(pages).toBe(Math.ceil(leads.length / 4));
      const first = await get<LeadsPage>(`/api/leads?sort=${sort}&limit=4`);
      expect(first.total).toBe(leads.length);
    });

    it('filters by stage, company and text, with totals over every page', async () => {
      const cases: { query: string; match: (lead: ModelLead) => boolean; sort: string }[] = [
        { query: 'stage=hot', match: (lead) => lead.stage === 'hot', sort: '-score' },
        { query: 'stage=cold&sort=name', match: (lead) => lead.stage === 'cold', sort: 'name' },
        { query: `company=${encodeURIComponent('Acme.Inc')}`, match: (lead) => lead.company === 'Acme.Inc', sort: '-score' },
        { query: `company=${encodeURIComponent('$Dollar Co')}&sort=-last_event_at`, match: (lead) => lead.company === '$Dollar Co', sort: '-last_event_at' },
        { query: `company=Acme.Inc&stage=${leads.find((lead) => lead.company === 'Acme.Inc')?.stage}`, match: (lead) => lead.company === 'Acme.Inc' && lead.stage === leads.find((l) => l.company === 'Acme.Inc')?.stage, sort: '-score' },
        { query: 'q=ADAM', match: (lead) => /adam/i.test(`${lead.name} ${lead.email} ${lead.company}`), sort: '-score' },
        { query: 'q=example1&sort=email', match: (lead) => lead.email.includes('example1'), sort: 'email' },
        { query: 'q=globex&stage=warm', match: (lead) => lead.company === 'Globex' && lead.stage === 'warm', sort: '-score' },
        { query: 'stage=nobody', match: () => false, sort: '-score' },
      ];
      for (const { query, match, sort } of cases) {
        const expected = sortLeads(leads.filter(match), sort).map((lead) => lead.lead_id);
        const { items } = await allPages((cursor) => get<LeadsPage>(`/api/leads?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        expect({ query, ids: items.map((lead) => lead.lead_id) }).toEqual({ query, ids: expected });
        expect({ query, total: (await get<LeadsPage>(`/api/leads?${query}&limit=2`)).total }).toEqual({ query, total: expected.length });
      }
    });

    it('shows each lead with its breakdown, its history and its events in event-time order, page by page', async () => {
      for (const lead of leads) {
        const detail = await get<LeadDetail>(`/api/leads/${lead.lead_id}`);
        expect(detail).toMatchObject({ lead_id: lead.lead_id, email: lead.email, company: lead.company, score: lead.score, stage: lead.stage, event_count: lead.events.length });
        expect(detail.breakdown.reduce((sum, item) => sum + item.points, 0)).toBe(lead.score);
        expect(detail.breakdown.reduce((sum, item) => sum + item.count, 0)).toBe(lead.events.length);

        const history = await allPages((cursor) => get<HistoryPage>(`/api/leads/${lead.email}/history?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        // Every default rule gives points and no lead reaches the cap: one history entry per event.
        let running = 0;
        expect(history.items.map((entry) => ({ event_id: entry.event_id, score_after: entry.score_after }))).toEqual(
          lead.events.map((event) => ({ event_id: event.event_id, score_after: (running += ({ EMAIL_OPEN: 10, PAGE_VIEW: 5, FORM_SUBMISSION: 20, DEMO_REQUEST: 50, PURCHASE: 100 } as Record<string, number>)[event.event_type]) })),
        );
        const events = await allPages((cursor) => get<LeadEventsPage>(`/api/leads/${lead.lead_id}/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
        expect(events.items.map((event) => event.event_id)).toEqual([...lead.events].sort(byEventTime).map((event) => event.event_id));
        expect(events.items.every((event) => event.scored)).toBe(true);
      }
    });

    it('summarises leads, stages and event types', async () => {
      const summary = await get<AnalyticsSummary>('/api/analytics/summary');
      expect(summary).toMatchObject(summaryOf(leads, new Date()));
      const newest = Math.max(...leads.flatMap((lead) => lead.events.map((event) => Date.parse(event.timestamp))));
      expect(summary.newest_event_at).toBe(new Date(newest).toISOString());
    });

    it('trends activity per day (default range) and per hour (explicit range), empty buckets included', async () => {
      const byDay = defaultActivityRange(leads, 'day');
      expect(await get<ActivityTrend>('/api/analytics/activity')).toEqual(activityOf(leads, byDay.from, byDay.to, 'day'));
      const from = byDay.to - 5 * DAY;
      const hourly = await get<ActivityTrend>(`/api/analytics/activity?bucket=hour&from=${new Date(from).toISOString()}&to=${new Date(byDay.to).toISOString()}`);
      expect(hourly.points).toHaveLength(120);
      expect(hourly).toEqual(activityOf(leads, from, byDay.to, 'hour'));
      // Unaligned bounds widen to whole buckets.
      const widened = await get<ActivityTrend>(`/api/analytics/activity?from=${new Date(from + 5 * HOUR).toISOString()}&to=${new Date(byDay.to - 3 * HOUR).toISOString()}`);
      expect(widened).toEqual(activityOf(leads, from, byDay.to, 'day'));
    });

    it('reports per queue the work done per minute: every event scored counted once', async () => {
      const scored = (status: QueuesStatus) => status.queues.find((queue) => queue.name === 'scoring')?.throughput.per_minute.reduce((a, b) => a + b, 0);
      const status = await waitFor('the scored events counted', async () => {
        const current = await get<QueuesStatus>('/api/system/queues');
        return scored(current) === leads.reduce((sum, lead) => sum + lead.events.length, 0) ? current : undefined;
      }, 10_000);
      const byName = Object.fromEntries(status.queues.map((queue) => [queue.name, queue.throughput]));
      expect(byName['scoring']).toMatchObject({ unit: 'events' });
      expect(byName['scoring'].per_minute).toHaveLength(15);
      expect(byName['lead-updates'].unit).toBe('updates');
      expect(byName['lead-updates'].per_minute.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(byName['recompute']).toEqual({ unit: 'leads', per_minute: Array(15).fill(0) });
    });

    it('ranks companies and bands scores', async () => {
      expect(await get<CompanyDistribution>('/api/analytics/companies')).toEqual(companiesOf(leads, 10));
      expect(await get<CompanyDistribution>('/api/analytics/companies?limit=1')).toEqual(companiesOf(leads, 1));
      expect(await get<ScoreDistribution>('/api/analytics/score-distribution')).toEqual(scoreDistributionOf(leads));
    });

    it('rebuilds the rollups from the event log to the same numbers, repairing a damaged rollup', async () => {
      const reads = ['/api/analytics/summary', '/api/analytics/activity', '/api/analytics/activity?bucket=hour', '/api/analytics/companies?limit=100', '/api/analytics/score-distribution'];
      const before = await Promise.all(reads.map((path) => get(path)));
      const mongo = await MongoClient.connect(system.environment.MONGO_URI as string);
      try {
        const rollups = mongo.db().collection<{ _id: string; kind: string; lead_count: number }>('analytics_rollups');
        const one = await rollups.findOne({ kind: 'leads' });
        await rollups.updateOne({ _id: one?._id as string }, { $set: { lead_count: (one?.lead_count ?? 0) + 7 } });
        await rollups.deleteMany({ kind: 'activity' });
      } finally {
        await mongo.close();
      }
      expect((await get<AnalyticsSummary>('/api/analytics/summary')).total_leads).toBe(leads.length + 7);

      const response = await fetch(`${system.url('realtime-gateway')}/api/system/rollups/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${system.adminKey}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ leads: leads.length, events: leads.reduce((sum, lead) => sum + lead.events.length, 0) });
      const after = await Promise.all(reads.map((path) => get(path)));
      expect(after).toEqual(before);
    });

    it("counts a job's events on top of rollups another process wrote meanwhile, not on its own last write", async () => {
      const eventCount = leads.reduce((sum, lead) => sum + lead.events.length, 0);
      const send = async (eventId: string) => {
        const response = await fetch(`${system.url('ingestion-gateway')}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
          body: JSON.stringify({ event_id: eventId, event_type: 'PAGE_VIEW', timestamp: new Date().toISOString(), metadata: { email: 'rollup.writer@example.com' } }),
        });
        expect(response.status).toBe(202);
      };
      const scored = (events: number) => waitFor(`${events} events counted`, async () => (await get<AnalyticsSummary>('/api/analytics/summary')).total_events === events, 30_000);
      // The worker writes its partition's rollups once (and remembers them)...
      await send('rollup-writer-1');
      await scored(eventCount + 1);
      // ... then another writer replaces them, as a worker of the previous release would: 7 more leads each.
      const mongo = await MongoClient.connect(system.environment.MONGO_URI as string);
      let summaries = 0;
      try {
        const rollups = mongo.db().collection<{ _id: string; kind: string; lead_count: number; revision?: string }>('analytics_rollups');
        for (const { revision: _, ...document } of await rollups.find({ kind: 'leads' }).toArray()) {
          await rollups.replaceOne({ _id: document._id }, { ...document, lead_count: document.lead_count + 7 });
          summaries += 1;
        }
      } finally {
        await mongo.close();
      }
      await send('rollup-writer-2');
      await scored(eventCount + 2);
      expect((await get<AnalyticsSummary>('/api/analytics/summary')).total_leads).toBe(leads.length + 1 + 7 * summaries);
    });
  });
});
