import Redis from 'ioredis';
import { HistoryEntry, LeadDetail, LeaderboardResponse } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { freePort, waitFor } from './support/ports';
import { RunningSystem } from './support/services';
import { generator } from './support/seeded-random';
import { scoringQueuesIdle } from './support/scoring-queues';

// SPEC.md "Scoring semantics": a lead's score and history are a pure function of its events in
// (timestamp, event_id) order, whatever order they arrive in and however many workers fold them. The expected
// values below are computed here from the generated events and the spec's default rules, never by the system.

const POINTS: Record<string, number> = { EMAIL_OPEN: 10, PAGE_VIEW: 5, FORM_SUBMISSION: 20, DEMO_REQUEST: 50, PURCHASE: 100 };
const STAGES = [{ name: 'qualified', min: 200 }, { name: 'hot', min: 100 }, { name: 'warm', min: 50 }, { name: 'cold', min: 0 }];
const MAX_SCORE = 1000;
const LEADS = 20;
const EVENTS_PER_LEAD = 50;

interface TestEvent {
  event_id: string;
  event_type: string;
  timestamp: string;
  metadata: { email: string };
}

interface ExpectedEntry {
  event_id: string;
  event_type: string;
  timestamp: string;
  delta: number;
  score_after: number;
  stage_after: string;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function byEventTime(a: { timestamp: string; event_id: string }, b: { timestamp: string; event_id: string }): number {
  return Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
}

const stageOf = (score: number) => (STAGES.find((stage) => score >= stage.min) as { name: string }).name;

/** The in-order fold of SPEC.md with the default rules: score = min(1000, running sum); one entry per change. */
function expectedFold(events: readonly TestEvent[]): { score: number; stage: string; history: ExpectedEntry[] } {
  let score = 0;
  let stage = stageOf(0);
  const history: ExpectedEntry[] = [];
  for (const event of [...events].sort(byEventTime)) {
    const before = { score, stage };
    score = Math.min(MAX_SCORE, score + POINTS[event.event_type]);
    stage = stageOf(score);
    if (score !== before.score || stage !== before.stage) {
      history.push({ event_id: event.event_id, event_type: event.event_type, timestamp: event.timestamp, delta: score - before.score, score_after: score, stage_after: stage });
    }
  }
  return { score, stage, history };
}

/** Events of one lead: distinct timestamps, ids whose text order is unrelated to their time order, a type mix per lead. */
function eventsOfLead(lead: number, random: () => number): TestEvent[] {
  const email = `order-${lead}@example.com`;
  // Light leads stay under the cap (their history has all 50 entries); heavy ones reach 1000 and stop changing.
  const pool = lead % 3 === 0 ? ['PAGE_VIEW', 'EMAIL_OPEN']
    : lead % 3 === 1 ? Object.keys(POINTS)
      : ['PAGE_VIEW', 'PAGE_VIEW', 'EMAIL_OPEN', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST'];
  const start = Date.parse('2025-06-01T00:00:00.000Z') + lead * 3_600_000;
  let time = start;
  return Array.from({ length: EVENTS_PER_LEAD }, (_, j) => {
    time += 1 + Math.floor(random() * 60_000);
    return {
      event_id: `ord-${lead}-${Math.floor(random() * 1e9).toString(36)}-${j}`,
      event_type: pool[Math.floor(random() * pool.length)],
      timestamp: new Date(time).toISOString(),
      metadata: { email },
    };
  });
}


async function scrapeScored(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^events_scored_total\{path="([a-z-]+)"\} (\d+)/gm)) counts[match[1]] = Number(match[2]);
  return counts;
}

describe('scoring order: two workers, events arriving reversed or shuffled', () => {
  let system: RunningSystem;
  let firstWorkerPort: number;
  let secondWorkerPort: number;
  let redis: Redis | undefined;
  const seed = Number(process.env.E2E_SEED ?? Date.now() % 2 ** 31);

  beforeAll(async () => {
    system = await startSystem('scoring-order', { RATE_LIMIT_PER_SECOND: '0' });
    // RunningSystem.startService probes `ports[service]` for readiness: point it at the second process's own port,
    // else it would probe the first worker and could return before the second is ready.
    firstWorkerPort = system.ports['scoring-worker'];
    secondWorkerPort = await freePort();
    system.ports['scoring-worker'] = secondWorkerPort;
    await system.startService('scoring-worker');
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await stopSystem(system);
  });

  it('gives every lead the score and history of its events in (timestamp, event_id) order', async () => {
    console.log(`scoring-order seed ${seed} (replay with E2E_SEED=${seed})`);
    const random = generator(seed);
    const byLead = Array.from({ length: LEADS }, (_, lead) => eventsOfLead(lead, random));
    // Send order: the first half of the leads newest first, the second half shuffled.
    const sendQueues = byLead.map((events, lead) =>
      lead < LEADS / 2 ? [...events].sort(byEventTime).reverse() : shuffled(events, random));
    // Interleave the leads while keeping each lead's own send order.
    const sendOrder: TestEvent[] = [];
    const cursors = sendQueues.map(() => 0);
    while (sendOrder.length < LEADS * EVENTS_PER_LEAD) {
      const open = cursors.map((cursor, lead) => (cursor < sendQueues[lead].length ? lead : -1)).filter((lead) => lead >= 0);
      const lead = open[Math.floor(random() * open.length)];
      sendOrder.push(sendQueues[lead][cursors[lead]++]);
    }

    const gateway = system.url('ingestion-gateway');
    redis = new Redis(system.infra.redisUrl);
    const prefix = system.environment.QUEUE_PREFIX as string;
    const partitions = Number(system.environment.SCORING_PARTITIONS);
    let position = 0;
    let singles = 0;
    let batches = 0;
    while (position < sendOrder.length) {
      const chunk = sendOrder.slice(position, position + 80 + Math.floor(random() * 41));
      position += chunk.length;
      // The first few of each chunk go one by one, the rest as one batch: per-lead send order is kept.
      for (const event of chunk.slice(0, 3)) {
        const response = await system.postEvent(event);
        expect(response.status).toBe(202);
        singles += 1;
      }
      const rest = chunk.slice(3);
      if (rest.length > 0) {
        const response = await fetch(`${gateway}/api/events/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
          body: JSON.stringify({ events: rest }),
        });
        expect(response.status).toBe(202);
        expect(await response.json()).toMatchObject({ accepted: rest.length, duplicates: 0, rejected: 0 });
        batches += 1;
      }
      // Let the workers score everything so far, so that the older events that follow really arrive late. It also
      // lets both worker processes take jobs: under a backlog, the process that finishes a partition's job takes
      // the next one itself, and the other would see none.
      await waitFor('the scoring queues to drain', () => scoringQueuesIdle(redis as Redis, prefix, partitions), 60_000, 50);
    }
    console.log(`sent ${sendOrder.length} events: ${batches} batches and ${singles} single POSTs`);

    const leads = new Map<number, LeadDetail>();
    await waitFor(`all ${LEADS} leads to have ${EVENTS_PER_LEAD} events`, async () => {
      for (let lead = 0; lead < LEADS; lead++) {
        if (leads.get(lead)?.event_count === EVENTS_PER_LEAD) continue;
        const response = await system.read(`/api/leads/order-${lead}@example.com`);
        if (response.status === 200) leads.set(lead, (await response.json()) as LeadDetail);
      }
      return [...leads.values()].filter((lead) => lead.event_count === EVENTS_PER_LEAD).length === LEADS;
    }, 120_000, 500);

    const leaderboard = (await (await system.read('/api/leaderboard?limit=100')).json()) as LeaderboardResponse;
    for (let lead = 0; lead < LEADS; lead++) {
      const email = `order-${lead}@example.com`;
      const expected = expectedFold(byLead[lead]);
      // Read again now that every lead is complete: nothing may have moved since.
      const detail = (await (await system.read(`/api/leads/${email}`)).json()) as LeadDetail;
      expect({ email, event_count: detail.event_count, score: detail.score, stage: detail.stage })
        .toEqual({ email, event_count: EVENTS_PER_LEAD, score: expected.score, stage: expected.stage });
      expect(detail.score).toBe(Math.min(MAX_SCORE, byLead[lead].reduce((sum, event) => sum + POINTS[event.event_type], 0)));

      const response = await system.read(`/api/leads/${email}/history`);
      expect(response.status).toBe(200);
      const items = ((await response.json()) as { items: HistoryEntry[] }).items;
      for (let i = 1; i < items.length; i++) {
        if (byEventTime(items[i - 1], items[i]) > 0) {
          throw new Error(`${email}: history entry ${i} (${items[i].timestamp} ${items[i].event_id}) comes before entry ${i - 1} (${items[i - 1].timestamp} ${items[i - 1].event_id})`);
        }
      }
      expect(items.map(({ event_id, event_type, timestamp, delta, score_after, stage_after }) => ({ event_id, event_type, timestamp, delta, score_after, stage_after })))
        .toEqual(expected.history);

      const ranked = leaderboard.items.find((item) => item.email === email);
      expect({ email, leaderboard_score: ranked?.score }).toEqual({ email, leaderboard_score: expected.score });
    }

    // The test is only meaningful if late events really arrived after later ones had been scored, and if both
    // worker processes folded some of them.
    const perWorker = await Promise.all([firstWorkerPort, secondWorkerPort].map((port) => `http://127.0.0.1:${port}`).map(scrapeScored));
    console.log(`events folded per worker process, by path: ${JSON.stringify(perWorker)}`);
    expect(perWorker.reduce((sum, counts) => sum + (counts.refold ?? 0), 0)).toBeGreaterThan(0);
    expect(perWorker.map((counts) => Object.values(counts).reduce((sum, n) => sum + n, 0) > 0)).toEqual([true, true]);
  }, 240_000);
});
