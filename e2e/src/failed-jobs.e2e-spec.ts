import { Queue } from 'bullmq';
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

  it('lists a job that cannot be processed with its reason, and retries it on request', async () => {
    // A stored event that can never be scored (its timestamp was corrupted in the database): the worker must fail
    // its job with a reason, not crash, loop or drop it.
    const mongo = await MongoClient.connect(system.infra.mongoUri());
    try {
      await mongo.db().collection('events').insertOne({
        event_id: 'broken-1', key_source: 'client', lead_key: 'broken@example.com', event_type: 'PAGE_VIEW', source: 'api',
        timestamp: 'not a date', received_at: new Date(), metadata: {}, state: 'pending',
      });
    } finally {
      await mongo.close();
    }
    const partition = partitionFor('broken@example.com', 2);
    const queue = new Queue(scoringQueueName(partition), { connection: { host: '127.0.0.1', port: system.infra.redisPort }, prefix: system.environment.QUEUE_PREFIX });
    try {
      await queue.add('score-leads', { lead_keys: ['broken@example.com'], reason: 'ingest' }, { attempts: 1 });
    } finally {
      await queue.close();
    }
    const status = await waitFor('the job to fail', async () => {
      const body = (await (await system.read('/api/system/queues')).json()) as QueuesStatus;
      return body.failed_jobs.length === 1 ? body : undefined;
    }, 30_000);
    expect(status.queues.map((entry) => entry.name)).toEqual(['scoring', 'lead-updates', 'recompute']);
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
