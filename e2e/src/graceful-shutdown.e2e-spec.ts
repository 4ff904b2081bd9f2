import Redis from 'ioredis';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

describe('SIGTERM drains the worker', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    // One partition, so every job of the batch below waits on the same queue behind the active one.
    system = await startSystem('graceful-shutdown', { SCORING_PARTITIONS: '1', RATE_LIMIT_PER_SECOND: '0' });
  });

  afterAll(async () => {
    await stopSystem(system);
  });

  let redis: Redis;

  afterEach(() => redis?.disconnect());

  it('finishes its active job before it exits, and a new worker scores the rest exactly once', async () => {
    redis = new Redis(system.infra.redisUrl);
    const prefix = system.environment.QUEUE_PREFIX as string;
    const events = Array.from({ length: 1000 }, (_, i) => ({ event_id: `drain-${i}`, event_type: 'PAGE_VIEW', metadata: { email: `drain-${i % 600}@example.com` } }));
    const response = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
      body: JSON.stringify({ events }),
    });
    expect((await response.json()).accepted).toBe(1000);

    const worker = system.processes.find((process) => process.name === 'scoring-worker');
    await waitFor('a job to be active', async () => (await redis.llen(`${prefix}:scoring.p0:active`)) > 0, 10_000, 20);
    await worker?.stop('SIGTERM', 60_000);
    // A worker killed mid-job would leave it in the active list until another worker declares it stalled.
    expect(await redis.llen(`${prefix}:scoring.p0:active`)).toBe(0);
    expect(await redis.zcard(`${prefix}:scoring.p0:completed`)).toBeGreaterThan(0);

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
