import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { LeadDetail, ScoringJob, scoringQueueName } from '@lead-scoring/contracts';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { partitionFor } from '@lead-scoring/queue';
import { RunningSystem } from './support/services';

describe('the reconciler scores what Redis lost', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('reconciler', { RECONCILE_GRACE_MS: '1000', RECONCILE_INTERVAL_MS: '500', RATE_LIMIT_PER_SECOND: '0' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('after every queued job is flushed from Redis, scores each accepted event exactly once', async () => {
    const worker = system.processes.find((process) => process.name === 'scoring-worker');
    await worker?.stop();

    const leads = Array.from({ length: 10 }, (_, i) => `lost-${i}@example.com`);
    const accepted = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(leads.map((email, i) =>
        system.postEvent({ event_id: `lost-${round}-${i}`, event_type: round === 2 ? 'FORM_SUBMISSION' : 'PAGE_VIEW', metadata: { email } })));
      responses.forEach((response, i) => {
        expect(response.status).toBe(202);
        accepted.set(leads[i], (accepted.get(leads[i]) ?? 0) + 1);
      });
    }
    const redis = new Redis(system.infra.redisUrl);
    await redis.flushall();
    redis.disconnect();

    await system.startService('scoring-worker');
    for (const email of leads) {
      const lead = await waitFor(`${email} scored after the flush`, async () => {
        const response = await system.read(`/api/leads/${email}`);
        return response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      }, 30_000);
      expect(lead.event_count).toBe(accepted.get(email));
      expect(lead.score).toBe(5 + 5 + 20);
    }
  });

  it('leaves a late backlog to the job that will read it: no job naming its leads, and each event scored once', async () => {
    const email = 'late-backlog@example.com';
    const connection = new Redis(system.infra.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue<ScoringJob>(scoringQueueName(partitionFor(email, 4)), { connection, prefix: system.environment.QUEUE_PREFIX });
    await queue.pause();
    try {
      expect((await system.postEvent({ event_id: 'late-backlog-1', event_type: 'PAGE_VIEW', metadata: { email } })).status).toBe(202);
      await sleep(1500);
      // The first event is now past the grace period, behind a backlog job queued just now: the one a partition
      // kept busy has (it is queued again after every job), which is young however old the backlog is.
      await queue.drain();
      expect((await system.postEvent({ event_id: 'late-backlog-2', event_type: 'FORM_SUBMISSION', metadata: { email } })).status).toBe(202);
      await sleep(900);
      const waiting = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
      expect(waiting.map((job) => job.data.lead_keys)).toEqual([[]]);
    } finally {
      await queue.resume();
      await queue.close();
      connection.disconnect();
    }
    const lead = await waitFor('both late events scored', async () => {
      const response = await system.read(`/api/leads/${email}`);
      const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      return body?.event_count === 2 ? body : undefined;
    }, 30_000);
    expect(lead.score).toBe(5 + 20);
  });

  it('scores at once an event stored without its inbox copy, once its sender sends it again', async () => {
    const email = 'copy-lost@example.com';
    const scoredLead = (count: number) => waitFor(`${email} with ${count} events`, async () => {
      const response = await system.read(`/api/leads/${email}`);
      const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      return body?.event_count === count ? body : undefined;
    }, 30_000);
    expect((await system.postEvent({ event_id: 'copy-lost-1', event_type: 'PAGE_VIEW', timestamp: '2026-03-01T00:00:00Z', metadata: { email } })).status).toBe(202);
    await scoredLead(1);
    // As when storage goes away between the gateway's two writes (answered 503): the event is in the log, and its
    // inbox copy will never come. It is recent and later than the lead's last event, as a lost copy usually is.
    const resent = { event_id: 'copy-lost-2', event_type: 'FORM_SUBMISSION', timestamp: '2026-03-02T00:00:00Z', metadata: { email } };
    const mongo = await MongoClient.connect(system.infra.mongoUri());
    try {
      await mongo.db().collection('events').insertOne({
        ...resent, key_source: 'client', lead_key: email, source: 'api', timestamp: new Date(resent.timestamp), received_at: new Date(),
        email, company: 'example.com', partition: partitionFor(email, 4),
      });
      // The sender's retry: a duplicate, whose recheck marker has the worker find the event in the log, well within
      // the grace period given to copies on their way (minutes).
      const response = await system.postEvent(resent);
      expect(response.status).toBe(200);
      expect((await response.json()).status).toBe('duplicate');
      expect((await scoredLead(2)).score).toBe(5 + 20);
      await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ lead_key: email })) === 0, 30_000);
    } finally {
      await mongo.close();
    }
  });

  it('scores, once, the events that an earlier version left pending with a state stored on each event', async () => {
    for (const worker of system.processes.filter((process) => process.name === 'scoring-worker')) await worker.stop();
    const mongo = await MongoClient.connect(system.infra.mongoUri());
    try {
      const events = mongo.db().collection('events');
      await events.insertMany(Array.from({ length: 3 }, (_, i) => ({
        event_id: `legacy-${i}`, key_source: 'client', lead_key: 'legacy@example.com', event_type: 'PAGE_VIEW', source: 'api',
        timestamp: new Date(`2026-01-0${i + 1}T00:00:00Z`), received_at: new Date(), metadata: { email: 'legacy@example.com' },
        email: 'legacy@example.com', company: 'example.com', state: 'pending', partition: partitionFor('legacy@example.com', 4),
      })));
      await events.createIndex({ state: 1, partition: 1, received_at: 1 });

      await system.startService('scoring-worker');
      const lead = await waitFor('the legacy events scored', async () => {
        const response = await system.read('/api/leads/legacy@example.com');
        return response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
      }, 30_000);
      expect(lead).toMatchObject({ score: 15, event_count: 3 });
      await waitFor('the inbox emptied', async () => (await mongo.db().collection('pending_events').countDocuments({ lead_key: 'legacy@example.com' })) === 0, 30_000);
      expect((await events.indexes()).map((index) => index.name)).not.toContain('state_1_partition_1_received_at_1');
    } finally {
      await mongo.close();
    }
  });

  it('rebuilds the leaderboard from MongoDB when Redis comes back empty', async () => {
    const before = await (await system.read('/api/leaderboard?limit=100')).json();
    expect(before.items.length).toBeGreaterThanOrEqual(10);
    const redis = new Redis(system.infra.redisUrl);
    try {
      await redis.flushall();
      expect((await (await system.read('/api/leaderboard?limit=100')).json()).items).toEqual([]);
    } finally {
      redis.disconnect();
    }
    const after = await waitFor('the leaderboard to be rebuilt', async () => {
      const body = await (await system.read('/api/leaderboard?limit=100')).json();
      return body.items.length === before.items.length ? body : undefined;
    }, 30_000);
    const scores = (body: { items: { email: string; score: number }[] }) => body.items.map(({ email, score }) => `${email}:${score}`).sort();
    expect(scores(after)).toEqual(scores(before));
  });
});
