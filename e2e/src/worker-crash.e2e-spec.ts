import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { BatchResult, HistoryEntry, LeadDetail, LeaderboardResponse } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { freePort } from './support/ports';
import { ManagedProcess } from './support/processes';
import { RunningSystem } from './support/services';

// SPEC.md "Scoring semantics": the same events give the same scores whatever the duplicates, retries, crashes or
// number of workers. Worker processes are killed with SIGKILL in the middle of scoring 20,000 events; once every
// accepted event is scored, each lead must hold exactly the in-order fold of its distinct events, computed here.

const POINTS: Record<string, number> = { EMAIL_OPEN: 10, PAGE_VIEW: 5, FORM_SUBMISSION: 20, DEMO_REQUEST: 50, PURCHASE: 100 };
const RULE_OF: Record<string, string> = {
  EMAIL_OPEN: 'default-email-open', PAGE_VIEW: 'default-page-view', FORM_SUBMISSION: 'default-form-submission',
  DEMO_REQUEST: 'default-demo-request', PURCHASE: 'default-purchase',
};
const STAGES = [{ name: 'qualified', min: 200 }, { name: 'hot', min: 100 }, { name: 'warm', min: 50 }, { name: 'cold', min: 0 }];
const MAX_SCORE = 1000;
const LEADS = 200;
const EVENTS_PER_LEAD = 100;
const BATCH = 500;
/** Batches after which the busiest worker process is killed; the first two hit both original processes. */
const KILL_AFTER_BATCH = new Set([3, 7, 22, 26]);
const PAUSE_BETWEEN_BATCHES_MS = 1000;
const TEST_BUDGET_MS = 300_000;

interface TestEvent {
  event_id: string;
  event_type: string;
  timestamp: string;
  metadata: { email: string };
}

function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/** SPEC.md's in-order fold with the default rules, and the history entries it leaves. */
function expectedFold(events: readonly TestEvent[]) {
  let score = 0;
  let stage = stageOf(0);
  const history: { event_id: string; score_after: number; stage_after: string }[] = [];
  for (const event of [...events].sort(byEventTime)) {
    const before = { score, stage };
    score = Math.min(MAX_SCORE, score + POINTS[event.event_type]);
    stage = stageOf(score);
    if (score !== before.score || stage !== before.stage) history.push({ event_id: event.event_id, score_after: score, stage_after: stage });
  }
  const breakdown = new Map<string, { rule_id: string; count: number; points: number }>();
  for (const event of events) {
    const rule_id = RULE_OF[event.event_type];
    const tally = breakdown.get(rule_id) ?? { rule_id, count: 0, points: 0 };
    tally.count += 1;
    tally.points += POINTS[event.event_type];
    breakdown.set(rule_id, tally);
  }
  return { score, stage, history, breakdown: [...breakdown.values()].sort((a, b) => a.rule_id.localeCompare(b.rule_id)) };
}

/** 100 events of one lead: a type mix per lead (some stay under the cap, some pass it), a few equal timestamps. */
function eventsOfLead(lead: number, random: () => number): TestEvent[] {
  const email = `crash-${lead}@example.com`;
  const pool = [
    ['PAGE_VIEW'],
    ['PAGE_VIEW', 'EMAIL_OPEN'],
    ['PAGE_VIEW', 'PAGE_VIEW', 'PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION'],
    Object.keys(POINTS),
  ][lead % 4];
  const start = Date.parse('2025-03-01T00:00:00.000Z');
  const times: number[] = [];
  for (let j = 0; j < EVENTS_PER_LEAD; j++) {
    // One event in ten shares the timestamp of an earlier one: event_id decides their order.
    times.push(j > 0 && random() < 0.1 ? times[Math.floor(random() * j)] : start + Math.floor(random() * 30 * 86_400_000));
  }
  return times.map((time, j) => ({
    event_id: `crash-${lead}-${Math.floor(random() * 1e9).toString(36)}-${j}`,
    event_type: pool[Math.floor(random() * pool.length)],
    timestamp: new Date(time).toISOString(),
    metadata: { email },
  }));
}

async function scoredSoFar(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^events_scored_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function queueDepths(redis: Redis, prefix: string, partitions: number): Promise<string> {
  const parts: string[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const key = `${prefix}:scoring.p${partition}`;
    const [wait, active, delayed, failed] = await Promise.all([redis.llen(`${key}:wait`), redis.llen(`${key}:active`), redis.zcard(`${key}:delayed`), redis.zcard(`${key}:failed`)]);
    parts.push(`p${partition} wait ${wait} active ${active} delayed ${delayed} failed ${failed}`);
  }
  return parts.join('; ');
}

interface LiveWorker {
  process: ManagedProcess;
  port: number;
  label: string;
}

describe('SIGKILLed workers lose no event and count none twice', () => {
  let system: RunningSystem;
  let redis: Redis | undefined;
  const workers: LiveWorker[] = [];
  const seed = Number(process.env.E2E_SEED ?? Date.now() % 2 ** 31);

  beforeAll(async () => {
    system = await startSystem('worker-crash', {
      SCORING_PARTITIONS: '4', RECONCILE_GRACE_MS: '2000', RECONCILE_INTERVAL_MS: '1000', RATE_LIMIT_PER_SECOND: '0',
    });
    const first = system.processes.find((process) => process.name === 'scoring-worker') as ManagedProcess;
    workers.push({ process: first, port: system.ports['scoring-worker'], label: 'worker-1' });
    const port = await freePort();
    workers.push({ process: await system.startService('scoring-worker', { WORKER_PORT: String(port) }), port, label: 'worker-2' });
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await stopSystem(system);
  });

  it('scores every accepted event exactly once while workers are killed mid-stream', async () => {
    const testStarted = Date.now();
    console.log(`worker-crash seed ${seed} (replay with E2E_SEED=${seed})`);
    const random = generator(seed);
    redis = new Redis(system.infra.redisUrl);
    const prefix = system.environment.QUEUE_PREFIX as string;
    const partitions = Number(system.environment.SCORING_PARTITIONS);

    const byLead = Array.from({ length: LEADS }, (_, lead) => eventsOfLead(lead, random));
    const unique = shuffled(byLead.flat(), random);
    const batches: TestEvent[][] = [];
    for (let i = 0; i < unique.length; i += BATCH) batches.push(unique.slice(i, i + BATCH));

    const sent = new Set<string>();
    const accepted = new Set<string>();
    let duplicateAnswers = 0;
    const kills: string[] = [];
    const replacements: Promise<void>[] = [];
    let started = workers.length;

    async function post(events: TestEvent[]): Promise<void> {
      const response = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
        body: JSON.stringify({ events }),
      });
      expect(response.status).toBe(202);
      const body = (await response.json()) as BatchResult;
      expect(body.results).toHaveLength(events.length);
      const seenInRequest = new Set<string>();
      body.results.forEach((result, i) => {
        const id = events[i].event_id;
        expect({ index: result.index, event_id: result.event_id }).toEqual({ index: i, event_id: id });
        if (result.status === 'accepted') {
          // Accepted twice would mean stored twice.
          if (accepted.has(id) || seenInRequest.has(id)) throw new Error(`${id} was accepted a second time`);
          accepted.add(id);
        } else {
          // A duplicate answer is right only for a key sent before (in an earlier request or earlier in this one).
          expect({ id, status: result.status, known: sent.has(id) || seenInRequest.has(id) }).toEqual({ id, status: 'duplicate', known: true });
          duplicateAnswers += 1;
        }
        seenInRequest.add(id);
      });
      events.forEach((event) => sent.add(event.event_id));
    }

    /** SIGKILLs the worker process that is scoring right now (else the oldest), and starts a replacement. */
    async function killBusiestWorker(): Promise<void> {
      const live = workers.filter((worker) => worker.process.running);
      const before = await Promise.all(live.map((worker) => scoredSoFar(worker.port).catch(() => 0)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const after = await Promise.all(live.map((worker) => scoredSoFar(worker.port).catch(() => 0)));
      const progress = live.map((worker, i) => after[i] - before[i]);
      const victim = live[progress.indexOf(Math.max(...progress))];
      const activeJobs = await queueDepths(redis as Redis, prefix, partitions);
      await victim.process.stop('SIGKILL');
      kills.push(`${victim.label} at +${Math.round((Date.now() - testStarted) / 1000)}s (it scored ${Math.max(...progress)} events in the last 400 ms; ${activeJobs})`);
      const label = `worker-${(started += 1)}`;
      replacements.push((async () => {
        const port = await freePort();
        workers.push({ process: await system.startService('scoring-worker', { WORKER_PORT: String(port) }), port, label });
      })());
    }

    for (let b = 0; b < batches.length; b++) {
      const batch = [...batches[b]];
      // Re-send a few events of earlier batches, and sometimes one event twice in the same request.
      if (b > 0) {
        for (let i = 0; i < 10; i++) batch.push(batches[Math.floor(random() * b)][Math.floor(random() * BATCH)]);
      }
      if (b % 4 === 1) batch.push(batch[Math.floor(random() * BATCH)]);
      await post(shuffled(batch, random));
      // A whole earlier batch again, as a client retrying after a lost answer would.
      if (b === 20) await post(batches[3]);
      if (KILL_AFTER_BATCH.has(b)) await killBusiestWorker();
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BATCHES_MS));
    }
    await Promise.all(replacements);
    const streamEnded = Date.now();
    console.log(`streamed ${sent.size} distinct events in ${batches.length + 1} requests in ${Math.round((streamEnded - testStarted) / 1000)}s: ${accepted.size} accepted, ${duplicateAnswers} duplicate answers\nkills:\n  ${kills.join('\n  ')}`);
    expect(kills).toHaveLength(KILL_AFTER_BATCH.size);
    expect(accepted.size).toBe(LEADS * EVENTS_PER_LEAD);
    expect(duplicateAnswers).toBeGreaterThan(BATCH);

    // Each lead's distinct accepted events, and what they must fold to.
    const acceptedByLead = byLead.map((events) => events.filter((event) => accepted.has(event.event_id)));
    const expected = acceptedByLead.map(expectedFold);

    // Wait until every lead's event_count is its number of accepted events; a count above it fails at once.
    const complete = new Set<number>();
    const deadline = testStarted + TEST_BUDGET_MS - 30_000;
    let lastReport = Date.now();
    while (complete.size < LEADS && Date.now() < deadline) {
      const pending = [...Array(LEADS).keys()].filter((lead) => !complete.has(lead));
      for (let i = 0; i < pending.length; i += 10) {
        await Promise.all(pending.slice(i, i + 10).map(async (lead) => {
          const response = await system.read(`/api/leads/crash-${lead}@example.com`);
          if (response.status !== 200) return;
          const detail = (await response.json()) as LeadDetail;
          if (detail.event_count > acceptedByLead[lead].length) {
            throw new Error(`crash-${lead}@example.com counts ${detail.event_count} events but only ${acceptedByLead[lead].length} were accepted`);
          }
          if (detail.event_count === acceptedByLead[lead].length) complete.add(lead);
        }));
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        console.log(`+${Math.round((Date.now() - testStarted) / 1000)}s: ${complete.size}/${LEADS} leads complete; ${await queueDepths(redis, prefix, partitions)}`);
      }
      if (complete.size < LEADS) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const scoredAt = Date.now();
    console.log(`all leads complete ${Math.round((scoredAt - streamEnded) / 1000)}s after the stream ended (${Math.round((scoredAt - testStarted) / 1000)}s into the test)`);
    expect(complete.size).toBe(LEADS);

    const leaderboard = (await (await system.read('/api/leaderboard?limit=100')).json()) as LeaderboardResponse;
    for (let lead = 0; lead < LEADS; lead++) {
      const email = `crash-${lead}@example.com`;
      const detail = (await (await system.read(`/api/leads/${email}`)).json()) as LeadDetail;
      expect({ email, event_count: detail.event_count, score: detail.score, stage: detail.stage })
        .toEqual({ email, event_count: acceptedByLead[lead].length, score: expected[lead].score, stage: expected[lead].stage });
      // Rule tallies: a re-delivered event counted twice would show here even where the cap hides it in the score.
      expect({ email, breakdown: detail.breakdown.map(({ rule_id, count, points }) => ({ rule_id, count, points })).sort((a, b) => a.rule_id.localeCompare(b.rule_id)) })
        .toEqual({ email, breakdown: expected[lead].breakdown });

      const items = ((await (await system.read(`/api/leads/${email}/history`)).json()) as { items: HistoryEntry[] }).items;
      expect({ email, history: items.map(({ event_id, score_after, stage_after }) => ({ event_id, score_after, stage_after })) })
        .toEqual({ email, history: expected[lead].history });
    }
    // The leaderboard read model (Redis) must agree with the leads: the top 100 scores and each listed lead's score.
    const expectedTop = expected.map((fold) => fold.score).sort((a, b) => b - a).slice(0, 100);
    expect(leaderboard.items.map((item) => item.score)).toEqual(expectedTop);
    for (const item of leaderboard.items) {
      const lead = Number(/^crash-(\d+)@/.exec(item.email ?? '')?.[1]);
      expect({ email: item.email, score: item.score }).toEqual({ email: item.email, score: expected[lead]?.score });
    }

    // Diagnostics only: what the crashes left in the queues and in the event log's scoring marks.
    const mongo = await MongoClient.connect(system.infra.mongoUri());
    try {
      const stillPending = await mongo.db().collection('events').countDocuments({ state: 'pending' });
      console.log(`after scoring: ${stillPending} events still marked pending; ${await queueDepths(redis, prefix, partitions)}; test took ${Math.round((Date.now() - testStarted) / 1000)}s`);
    } finally {
      await mongo.close();
    }
  }, TEST_BUDGET_MS);
});
