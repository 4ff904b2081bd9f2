import Redis from 'ioredis';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

const PARTITIONS = 4;

describe('SIGTERM drains the worker', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    // One scoring slot for four partitions: while one partition's job runs, the others' jobs are active in BullMQ
    // but wait in the worker for the slot.
    system = await startSystem('graceful-shutdown', { SCORING_PARTITIONS: String(PARTITIONS), SCORING_CONCURRENCY: '1', RATE_LIMIT_PER_SECOND: '0' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  let redis: Redis;

  afterEach(() => redis?.disconnect());

  it('finishes the job it runs, hands back the jobs waiting for a slot, and a new worker scores the rest exactly once', async () => {
    redis = new Redis(system.infra.redisUrl);
    const prefix = system.environment.QUEUE_PREFIX as string;
    const key = (partition: number, list: string) => `${prefix}:scoring.p${partition}:${list}`;
    const partitions = Array.from({ length: PARTITIONS }, (_, partition) => partition);
    const events = Array.from({ length: 1000 }, (_, i) => ({ event_id: `drain-${i}`, event_type: 'PAGE_VIEW', metadata: { email: `drain-${i % 600}@example.com` } }));
    const response = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
      body: JSON.stringify({ events }),
    });
    expect((await response.json()).accepted).toBe(1000);

    const worker = system.processes.find((process) => process.name === 'scoring-worker');
    const active = await waitFor(`a job active in each of the ${PARTITIONS} partitions`, async () => {
      const ids = await Promise.all(partitions.map((partition) => redis.lrange(key(partition, 'active'), 0, -1)));
      return ids.every((list) => list.length > 0) ? ids.map((list) => list[0]) : undefined;
    }, 10_000, 20);
    await worker?.stop('SIGTERM', 60_000);

    // A worker killed mid-job would leave it in the active list until another worker declares it stalled.
    const left = await Promise.all(partitions.map((partition) => redis.llen(key(partition, 'active'))));
    expect(left).toEqual(partitions.map(() => 0));
    const completed = await Promise.all(partitions.map((partition) => redis.zcard(key(partition, 'completed'))));
    expect(completed.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    const failed = await Promise.all(partitions.map((partition) => redis.zcard(key(partition, 'failed'))));
    expect(failed).toEqual(partitions.map(() => 0));
    // With one slot, three of the four jobs were waiting for it: back in their queues, first in line (BullMQ takes
    // from the list's right end), not run here and no attempt counted.
    const handedBackAttempts: (string | null)[] = [];
    for (const [partition, id] of active.entries()) {
      if ((await redis.lindex(key(partition, 'wait'), -1)) === id) handedBackAttempts.push(await redis.hget(key(partition, id), 'atm'));
    }
    expect(handedBackAttempts.length).toBeGreaterThan(0);
    for (const attemptsMade of handedBackAttempts) expect(attemptsMade ?? '0').toBe('0');

    await system.startService('scoring-worker');
    for (const i of [0, 1, 150, 399, 400, 451, 599]) {
      const expected = i < 400 ? 2 : 1;
      const lead = await waitFor(`drain-${i} with ${expected} events`, async () => {
        const read = await system.read(`/api/leads/drain-${i}@example.com`);
        const body = read.status === 200 ? await read.json() : undefined;
        return body?.event_count === expected ? body : undefined;
      }, 60_000);
      expect(lead.score).toBe(5 * expected);
    }
  });
});
