import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { LeadDetail } from '@lead-scoring/contracts';
import { partitionFor } from '@lead-scoring/queue';
import { startSystem, stopSystem } from './support/harness';
import { waitFor } from './support/ports';
import { RunningSystem } from './support/services';

const PARTITIONS = 4; // the harness's SCORING_PARTITIONS

/** An email of this test's that falls in `partition`. */
function emailIn(partition: number, name: string): string {
  for (let i = 0; ; i++) {
    const email = `${name}-${i}@example.com`;
    if (partitionFor(email, PARTITIONS) === partition) return email;
  }
}

/**
 * A worker folds a lead onto the document it saved last instead of reading it back, but only while no other job has
 * run in the lead's partition since its own last one: whenever it cannot tell, it reads. Either way the lead comes
 * out as if it had been read.
 */
describe("a worker's memory of the leads it saved", () => {
  let system: RunningSystem;
  let mongo: MongoClient;
  let redis: Redis;

  beforeAll(async () => {
    system = await startSystem('remembered-leads', { RATE_LIMIT_PER_SECOND: '0' });
    mongo = await MongoClient.connect(system.infra.mongoUri());
    redis = new Redis(system.infra.redisUrl, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    await mongo?.close();
    await stopSystem(system);
  });

  const partitionKey = (partition: number) => `${system.environment.QUEUE_PREFIX}:scoring-partition-job:${partition}`;
  const leadReads = async () => {
    const text = await (await fetch(`${system.url('scoring-worker')}/metrics`)).text();
    const count = (from: string) => Number(new RegExp(`^leads_read_total\\{from="${from}"\\} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
    return { memory: count('memory'), storage: count('storage') };
  };
  const leadWith = (email: string, count: number) => waitFor(`${email} with ${count} events`, async () => {
    const response = await system.read(`/api/leads/${email}`);
    const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
    return body?.event_count === count ? body : undefined;
  }, 30_000);
  const storedLead = (email: string) => mongo.db().collection('leads').findOne({ _id: email as never });

  /** Events with every kind of value a trait can hold, for `email`, numbered from `first`. */
  const eventsFor = (email: string, first: number, count: number) => Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return {
      event_id: `${email}-${n}`,
      event_type: ['PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE'][n % 5],
      timestamp: new Date(Date.UTC(2026, 3, 1 + n)).toISOString(),
      metadata: {
        email,
        ...(n % 2 ? { name: 'Zoë Ångström' } : {}),
        plan: { tier: `t${n}`, seats: n * 1.5, tags: ['a', n, true, null], nested: { deep: { deeper: 'ünïcödé 🚀' } } },
        big: Number.MAX_SAFE_INTEGER - n,
        negative: -n,
        flag: n % 3 === 0,
        'key with spaces & ünïcode': 'kept',
      },
    };
  });
  const send = async (events: unknown[]) => {
    for (const event of events) expect((await system.postEvent(event)).status).toBe(202);
  };
  /** What a job of another process would have saved: the lead under its (finished) token, with a change of its own. */
  const changeElsewhere = async (email: string) => {
    const token = `another-process-${email}`;
    await redis.set(`${system.environment.QUEUE_PREFIX}:finished-job:${token}`, '1');
    await mongo.db().collection('leads').updateOne({ _id: email as never }, { $set: { saved_by: token, 'traits.seen_elsewhere': 'yes' } });
  };
  /** Sends the lead a third event, and checks it was folded onto the lead as read, not as remembered. */
  const thirdEventOntoReadLead = async (email: string) => {
    const before = await leadReads();
    await send(eventsFor(email, 2, 1));
    const lead = await leadWith(email, 3);
    const after = await leadReads();
    // A remembered lead would have been refused at its save, and read by the job's retry.
    expect(after.memory - before.memory).toBe(0);
    expect(after.storage - before.storage).toBeGreaterThanOrEqual(1);
    return lead;
  };

  it('folds a lead onto its memory of the last save, with the same result as onto the stored lead', async () => {
    const remembered = emailIn(0, 'remembered');
    const read = emailIn(1, 'read');
    await send([...eventsFor(remembered, 0, 5), ...eventsFor(read, 0, 5)]);
    await Promise.all([leadWith(remembered, 5), leadWith(read, 5)]);

    // As if another process had run a job in the second lead's partition: that lead is read again.
    await redis.set(partitionKey(1), 'a-job-of-another-process');
    const before = await leadReads();
    await send([...eventsFor(remembered, 5, 4), ...eventsFor(read, 5, 4)]);
    await Promise.all([leadWith(remembered, 9), leadWith(read, 9)]);
    const after = await leadReads();
    expect(after.memory - before.memory).toBeGreaterThanOrEqual(1);
    expect(after.storage - before.storage).toBeGreaterThanOrEqual(1);

    // The two leads had the same events: their documents differ only in what names the lead or its save, and in
    // the digest of their histories, which covers the event ids (compared below, entry by entry).
    const comparable = (lead: Record<string, unknown> | null, email: string) => {
      const { _id, lead_id, saved_by, updated_at, history_digest: _digest, ...rest } = lead ?? {};
      expect([_id, typeof lead_id, typeof saved_by, updated_at instanceof Date]).toEqual([email, 'string', 'string', true]);
      return JSON.parse(JSON.stringify(rest).replaceAll(email, '<email>'));
    };
    const rememberedLead = comparable(await storedLead(remembered), remembered);
    expect(rememberedLead).toEqual(comparable(await storedLead(read), read));
    expect(rememberedLead).toMatchObject({ event_count: 9, name: 'Zoë Ångström', traits: { 'key with spaces & ünïcode': 'kept', big: Number.MAX_SAFE_INTEGER - 8 } });
    const history = async (email: string) => (await mongo.db().collection('score_history').find({ lead_key: email }, { projection: { _id: 0 } }).sort({ timestamp: 1, event_id: 1 }).toArray())
      .map((entry) => JSON.parse(JSON.stringify(entry).replaceAll(email, '<email>')));
    expect(await history(remembered)).toEqual(await history(read));
    expect(await history(remembered)).toHaveLength(9);
  });

  it.each([
    ['a job of another process ran in its partition', (partition: number) => redis.set(partitionKey(partition), 'a-job-of-another-process')],
    ['Redis lost the record of the last job (flushed)', (partition: number) => redis.del(partitionKey(partition))],
  ])('reads a lead again when %s, and builds on what it reads', async (name, forget) => {
    const email = emailIn(2, name.split(' ')[1]);
    await send(eventsFor(email, 0, 2));
    await leadWith(email, 2);
    await changeElsewhere(email);
    await forget(2);

    const lead = await thirdEventOntoReadLead(email);
    expect(lead.traits).toMatchObject({ seen_elsewhere: 'yes', plan: { tier: 't2' } });
  });

  it('reads a lead again after its connection to Redis was lost, even if Redis then holds its last job again', async () => {
    const email = emailIn(3, 'reconnected');
    await send(eventsFor(email, 0, 2));
    await leadWith(email, 2);
    // A Redis restored from an older snapshot could hold this worker's token while another process's job has run.
    const lastJob = await redis.get(partitionKey(3));
    expect(lastJob).toEqual(expect.any(String));
    await system.infra.stopRedis();
    await system.infra.startRedis();
    await waitFor('the worker back on Redis', async () => (await fetch(`${system.url('scoring-worker')}/health/ready`)).status === 200, 30_000);
    await redis.set(partitionKey(3), lastJob as string);
    await changeElsewhere(email);

    const lead = await thirdEventOntoReadLead(email);
    expect(lead.traits).toMatchObject({ seen_elsewhere: 'yes' });
  }, 90_000);
});
