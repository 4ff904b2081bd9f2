import { MongoClient } from 'mongodb';
import { QueuesStatus, scoringQueueName } from '@lead-scoring/contracts';
import { partitionFor } from '@lead-scoring/queue';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

describe('failed scoring jobs are visible and can be retried', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('failed-jobs', { SCORING_PARTITIONS: '2' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  it('scores the rest of a partition past a lead that cannot be folded, and lists that lead\'s job with its reason', async () => {
    // A stored event that can never be scored (its timestamp was corrupted in the database): the worker must fail
    // a job with a reason, not crash, loop, drop it, or hold up the other leads of its partition.
    const partition = partitionFor('broken@example.com', 2);
    const mongo = await MongoClient.connect(system.infra.mongoUri());
    try {
      const broken = {
        event_id: 'broken-1', key_source: 'client', lead_key: 'broken@example.com', event_type: 'PAGE_VIEW', source: 'api',
        timestamp: 'not a date', received_at: new Date(), metadata: {}, partition,
      };
      // Stored as the gateway stores an event: in the log, then a copy in the pending inbox.
      await mongo.db().collection('events').insertOne({ ...broken });
      await mongo.db().collection<{ _id: string; [field: string]: unknown }>('pending_events').insertOne({ _id: broken.event_id, lead_key: broken.lead_key, partition, received_at: broken.received_at, event: broken });
    } finally {
      await mongo.close();
    }
    // A valid event of another lead of the same partition: its backlog job meets the broken event too.
    const neighbour = Array.from({ length: 50 }, (_, i) => `neighbour${i}@example.com`).find((email) => partitionFor(email, 2) === partition) as string;
    const sent = await fetch(`${system.url('ingestion-gateway')}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
      body: JSON.stringify({ event_id: 'neighbour-1', event_type: 'DEMO_REQUEST', metadata: { email: neighbour } }),
    });
    expect(sent.status).toBe(202);
    const scored = await waitFor('the neighbour to be scored', async () => {
      const response = await system.read(`/api/leads/${encodeURIComponent(neighbour)}`);
      return response.status === 200 ? ((await response.json()) as { score: number }) : undefined;
    }, 30_000);
    expect(scored.score).toBe(50);

    const status = await waitFor('the job to fail', async () => {
      const body = (await (await system.read('/api/system/queues')).json()) as QueuesStatus;
      return body.failed_jobs.length === 1 ? body : undefined;
    }, 30_000);
    expect(status.queues.map((entry) => entry.name)).toEqual(['scoring', 'lead-updates', 'recompute', 'trigger-deliveries']);
    expect(status.queues[0]).toMatchObject({ name: 'scoring', failed: 1 });
    expect(status.failed_jobs[0]).toMatchObject({ queue: scoringQueueName(partition), name: 'score-leads', attempts: 1, failed_reason: expect.stringMatching(/\S/) });

    const retry = await fetch(`${system.url('ingestion-gateway')}/api/system/queues/retry-failed`, { method: 'POST', headers: { 'x-api-key': system.adminKey } });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ retried: 1 });
    const again = await waitFor('the retried job to fail a second time', async () => {
      const body = (await (await system.read('/api/system/queues')).json()) as QueuesStatus;
      return body.failed_jobs[0]?.attempts === 2 ? body : undefined;
    }, 30_000);
    expect(again.queues[0].failed).toBe(1);
    expect((await fetch(`${system.url('ingestion-gateway')}/api/system/queues/retry-failed`, { method: 'POST', headers: { 'x-api-key': system.ingestKey } })).status).toBe(401);
  });
});
