import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { AnalyticsSummary, LeadDetail } from '@lead-scoring/contracts';
import { PARTITION_LAYOUT_COLLECTION, PartitionLayoutDocument, PartitionLayoutRepository, PartitionLayoutSchema } from '@lead-scoring/persistence';
import { partitionFor } from '@lead-scoring/queue';
import { startSystem, stopSystem } from './support/harness';
import { freePort, waitFor } from './support/ports';
import { ManagedProcess } from './support/processes';
import { RunningSystem, entryPointOf } from './support/services';

const BEFORE = 4;
const AFTER = 3;
/** A gateway started by mistake with more partitions than the worker has. */
const MISCONFIGURED = 5;

/** Lead emails of each kind a change from BEFORE to AFTER partitions makes, `perKind` of each. */
function leadsOfEveryKind(perKind: number): string[] {
  const kinds = {
    // Filed under a partition that no longer exists: no job reads it.
    gone: [] as string[],
    // Filed under a partition that stays, but of another one now.
    moved: [] as string[],
    stayed: [] as string[],
  };
  for (let i = 0; Object.values(kinds).some((emails) => emails.length < perKind); i++) {
    const email = `repartitioned-${i}@example.com`;
    const [before, after] = [partitionFor(email, BEFORE), partitionFor(email, AFTER)];
    const kind = before >= AFTER ? kinds.gone : before !== after ? kinds.moved : kinds.stayed;
    if (kind.length < perKind) kind.push(email);
  }
  return Object.values(kinds).flat();
}

/**
 * SCORING_PARTITIONS may change between starts of the services: the events pending under the old count are scored in
 * their leads' new partitions, and the analytics are counted again under the new count.
 */
describe('a change of the partition count', () => {
  let system: RunningSystem;
  let mongo: MongoClient;

  beforeAll(async () => {
    system = await startSystem('partition-count', { SCORING_PARTITIONS: String(BEFORE), RECONCILE_GRACE_MS: '1000', RECONCILE_INTERVAL_MS: '500', RATE_LIMIT_PER_SECOND: '0' });
    mongo = await MongoClient.connect(system.infra.mongoUri());
  });

  afterAll(async () => {
    await mongo?.close();
    await stopSystem(system);
  });

  const leadWith = (email: string, count: number) => waitFor(`${email} with ${count} events`, async () => {
    const response = await system.read(`/api/leads/${email}`);
    const body = response.status === 200 ? ((await response.json()) as LeadDetail) : undefined;
    return body?.event_count === count ? body : undefined;
  }, 60_000);
  const post = async (email: string, eventId: string, eventType: string) =>
    expect((await system.postEvent({ event_id: eventId, event_type: eventType, metadata: { email } })).status).toBe(202);

  it('scores the events left pending under the old count, and counts the analytics under the new one', async () => {
    const leads = leadsOfEveryKind(2);
    for (const email of leads) await post(email, `${email}-1`, 'PAGE_VIEW');
    for (const email of leads) await leadWith(email, 1);

    const worker = system.processes.find((process) => process.name === 'scoring-worker');
    await worker?.stop();
    for (const email of leads) {
      await post(email, `${email}-2`, 'FORM_SUBMISSION');
      await post(email, `${email}-3`, 'EMAIL_OPEN');
    }
    const pending = mongo.db().collection('pending_events');
    expect(await pending.countDocuments({ partition: { $gte: AFTER } })).toBeGreaterThan(0);
    await system.startService('scoring-worker', { SCORING_PARTITIONS: String(AFTER) });

    for (const email of leads) expect((await leadWith(email, 3)).score).toBe(5 + 20 + 10);
    // A lead is saved before its entries leave the inbox, and the new count is recorded once every partition is
    // marked for its recount.
    await waitFor('the inbox empty', async () => (await pending.countDocuments()) === 0, 30_000);
    await waitFor('the new count recorded', async () => (await mongo.db().collection<{ _id: string; partitions: number }>('partition_layout').findOne({ _id: 'scoring' }))?.partitions === AFTER, 30_000);
    const rollups = mongo.db().collection('analytics_rollups');
    const recounts = mongo.db().collection<{ _id: number; marked_at?: Date }>('analytics_recounts');
    await waitFor('every partition counted again', async () => (await recounts.countDocuments({ marked_at: { $exists: true } })) === 0, 60_000);
    expect(await rollups.countDocuments({ partition: { $gte: AFTER } })).toBe(0);
    expect(await recounts.countDocuments({ _id: { $gte: AFTER } })).toBe(0);
    const summary = (await (await system.read('/api/analytics/summary')).json()) as AnalyticsSummary;
    expect({ leads: summary.total_leads, events: summary.total_events, byType: summary.events_by_type.reduce((sum, entry) => sum + entry.count, 0) })
      .toEqual({ leads: leads.length, events: 3 * leads.length, byType: 3 * leads.length });
  });

  it('scores the events a gateway with more partitions than the worker files where no job reads them, and warns', async () => {
    const gateway = system.processes.find((process) => process.name === 'ingestion-gateway' && process.running);
    await gateway?.stop();
    await system.startService('ingestion-gateway', { SCORING_PARTITIONS: String(MISCONFIGURED) });
    const emails = Array.from({ length: 40 }, (_, i) => `misfiled-${i}@example.com`);
    expect(emails.filter((email) => partitionFor(email, MISCONFIGURED) >= AFTER).length).toBeGreaterThan(5);

    for (const email of emails) await post(email, `${email}-1`, 'PAGE_VIEW');
    for (const email of emails) expect((await leadWith(email, 1)).score).toBe(5);
    const pending = mongo.db().collection('pending_events');
    await waitFor('the inbox empty', async () => (await pending.countDocuments()) === 0, 30_000);
    const layout = await mongo.db().collection('partition_layout').find({}, { projection: { partitions: 1 } }).sort({ _id: 1 }).toArray();
    expect(layout).toEqual([{ _id: `gateway-${BEFORE}`, partitions: BEFORE }, { _id: `gateway-${MISCONFIGURED}`, partitions: MISCONFIGURED }, { _id: 'scoring', partitions: AFTER }]);
    const log = await readFile(join(system.infra.logDir, 'ingestion-gateway.log'), 'utf8');
    expect(log).toContain(`SCORING_PARTITIONS is ${MISCONFIGURED} here but ${AFTER} for the scoring worker`);

    // The note of a gateway that has not written it for an hour (gone) is dropped; the running gateway's stays.
    const notes = mongo.db().collection<{ _id: string; partitions: number; recorded_at: Date }>('partition_layout');
    await notes.insertOne({ _id: 'gateway-64', partitions: 64, recorded_at: new Date(Date.now() - 3_600_000) });
    await waitFor('the note of a gateway gone dropped', async () => (await notes.countDocuments({ _id: 'gateway-64' })) === 0, 30_000);
    expect(await notes.countDocuments({ _id: `gateway-${MISCONFIGURED}` })).toBe(1);
  });

  it('keeps the highest count gateways note and the count workers record when they write at once on a new database', async () => {
    // FerretDB refuses the second of two upserts that insert the same document at once (duplicate key), and two
    // updates of one document at once can lose one.
    const connection = await mongoose.createConnection(system.infra.mongoUri(), { dbName: 'partition-layout-race' }).asPromise();
    try {
      const model = connection.model<PartitionLayoutDocument>(PARTITION_LAYOUT_COLLECTION, PartitionLayoutSchema);
      const layout = new PartitionLayoutRepository(model);
      for (let round = 0; round < 5; round++) {
        await model.deleteMany({});
        const writes = await Promise.allSettled([layout.noteFiling(3), layout.noteFiling(5), layout.record(3), layout.noteFiling(5), layout.noteFiling(4), layout.record(3)]);
        expect(writes.filter((write) => write.status === 'rejected')).toEqual([]);
        expect({ recorded: await layout.recorded(), filedUpTo: await layout.filedUpTo() }).toEqual({ recorded: 3, filedUpTo: 5 });
      }
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  });

  describe('workers on different counts', () => {
    const logOf = (name: string) => join(system.infra.logDir, `${name}.log`);
    const logged = async (name: string, text: string) => (await readFile(logOf(name), 'utf8').catch(() => '')).includes(text);
    const recordedCount = async () => (await mongo.db().collection<{ _id: string; partitions: number }>('partition_layout').findOne({ _id: 'scoring' }))?.partitions;
    const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200;
    /** A worker process beside the system's, with a log and a port of its own; stopped with the system. */
    const startWorker = async (name: string, partitions: number) => {
      const port = await freePort();
      const env = { ...system.environment, WORKER_PORT: String(port), SCORING_PARTITIONS: String(partitions) };
      // Logs are appended to: a line of an earlier run must not pass for this one's.
      await rm(logOf(name), { force: true });
      const worker = new ManagedProcess('scoring-worker', 'node', [entryPointOf('scoring-worker')], env, logOf(name)).start();
      system.processes.push(worker);
      return { worker, port };
    };

    it('start one at a time: a worker on another count waits until the running ones have stopped', async () => {
      const first = system.processes.find((process) => process.name === 'scoring-worker' && process.running);
      const { worker: second, port } = await startWorker('scoring-worker-on-5', 5);
      await waitFor('the second worker to say what it waits for', () => logged('scoring-worker-on-5', `SCORING_PARTITIONS is 5 here but ${AFTER} for the scoring worker(s) running as`), 30_000);

      // Meanwhile it consumes nothing and changes nothing: the first worker scores, under the count it recorded.
      await post('waiting-1@example.com', 'waiting-1', 'PAGE_VIEW');
      expect((await leadWith('waiting-1@example.com', 1)).score).toBe(5);
      expect({ running: second.running, ready: await ready(port), recorded: await recordedCount() }).toEqual({ running: true, ready: false, recorded: AFTER });

      await first?.stop();
      await waitFor('the second worker ready', () => ready(port), 30_000);
      await waitFor('its count recorded', async () => (await recordedCount()) === 5, 30_000);
      await post('waiting-2@example.com', 'waiting-2', 'PAGE_VIEW');
      expect((await leadWith('waiting-2@example.com', 1)).score).toBe(5);
    });

    it('shuts a running worker down when a worker on another count registered while its registration lapsed, and waits out a killed one', async () => {
      const running = system.processes.find((process) => process.name === 'scoring-worker' && process.running);
      const redis = new Redis(system.infra.redisUrl);
      try {
        // A Redis restarted empty forgets every registration; say a worker on 7 registered first, then was killed
        // (its registration stays until it expires, 20 s from now).
        const key = `${system.environment.QUEUE_PREFIX}:scoring-workers`;
        await redis.multi().del(key).zadd(key, Date.now() + 20_000, '7|killed-worker').exec();
        await waitFor('the running worker to shut down', async () => !running?.running, 20_000);
        expect(await logged('scoring-worker-on-5', 'SCORING_PARTITIONS is 5 here but 7 for the scoring worker(s) running as killed-worker, registered while this worker\'s registration had lapsed: shutting down')).toBe(true);

        // A worker started now waits until that registration expires, then scores.
        const { port } = await startWorker('scoring-worker-after-kill', 5);
        await waitFor('the new worker to say what it waits for', () => logged('scoring-worker-after-kill', 'SCORING_PARTITIONS is 5 here but 7 for the scoring worker(s) running as killed-worker'), 30_000);
        await waitFor('the new worker ready', () => ready(port), 30_000);
        await post('after-kill@example.com', 'after-kill', 'PAGE_VIEW');
        expect((await leadWith('after-kill@example.com', 1)).score).toBe(5);
      } finally {
        redis.disconnect();
      }
    });
  });
});
