// Scoring benchmark: end-to-end scored events/s (first batch accepted -> every event persisted as scored), and in
// the same run the two ceilings it cannot beat: the same BullMQ partition queues with a no-op processor, and raw
// MongoDB-protocol writes of the documents the pipeline writes (events, leads, history, scored marks), and their
// first phase alone (the events' insertMany).
// Usage: npx tsx tools/bench/score.ts [--events=20000] [--leads=1000] [--batch=500] [--senders=4] [--partitions=16] [--concurrency=4]
import { Job, Queue, Worker } from 'bullmq';
import { Db, MongoClient } from 'mongodb';
import { SCORING_JOB_NAME, scoringQueueName } from '@lead-scoring/contracts';
import { groupByPartition } from '../../libs/queue/src/partition';
import { SCORING_JOB_OPTIONS } from '../../libs/queue/src/scoring-job.options';
import { DEFAULT_SCORING_CONCURRENCY, argument, memoryOf, round, startBenchSystem, stopBenchSystem } from './bench-support';
import { RunningSystem } from '../../e2e/src/support/services';
import { StorageOperations } from './storage-operations';

const totalEvents = argument('events', 20_000);
const leadCount = argument('leads', 1_000);
const batchSize = argument('batch', 500);
const senders = argument('senders', 4);
const partitions = argument('partitions', 16);
const concurrency = argument('concurrency', DEFAULT_SCORING_CONCURRENCY);
const TYPES = ['PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE'];
const START = Date.parse('2026-06-01T00:00:00Z');

interface BenchEvent {
  event_id: string;
  event_type: string;
  timestamp: string;
  metadata: { email: string; company: string; url: string };
}

function generateBatches(): BenchEvent[][] {
  const batches: BenchEvent[][] = [];
  for (let start = 0; start < totalEvents; start += batchSize) {
    const batch: BenchEvent[] = [];
    for (let n = start; n < Math.min(totalEvents, start + batchSize); n++) {
      const lead = n % leadCount;
      batch.push({
        event_id: `score-bench-${n}`,
        event_type: TYPES[(n * 7) % TYPES.length],
        timestamp: new Date(START + n * 1000).toISOString(),
        metadata: { email: `lead${lead}@bench.example`, company: `Company ${lead % 97}`, url: n % 3 === 0 ? '/pricing' : '/blog' },
      });
    }
    batches.push(batch);
  }
  return batches;
}

async function sendAll(system: RunningSystem, batches: BenchEvent[][]): Promise<void> {
  const pending = [...batches];
  await Promise.all(Array.from({ length: senders }, async () => {
    for (let batch = pending.shift(); batch; batch = pending.shift()) {
      const response = await fetch(`${system.url('ingestion-gateway')}/api/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': system.ingestKey },
        body: JSON.stringify({ events: batch }),
      });
      const body = (await response.json()) as { accepted?: number };
      if (response.status !== 202 || body.accepted !== batch.length) throw new Error(`batch refused: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  }));
}

async function waitUntilScored(db: Db): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    // Every batch was answered 202 before this runs, so every event is stored: the run ends when the pending inbox
    // is empty.
    const pending = await db.collection('pending_events').findOne({}, { projection: { _id: 1 } });
    if (!pending) return;
    if (Date.now() > deadline) throw new Error('not scored after 30 minutes: events are still pending');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** End to end through the real services. Returns elapsed seconds and the worker's peak RSS. */
async function endToEnd(system: RunningSystem, db: Db, batches: BenchEvent[][]): Promise<{ seconds: number; acceptSeconds: number; workerPeakMiB: number }> {
  const worker = system.processes.find((child) => child.name === 'scoring-worker')?.pid as number;
  let workerPeakMiB = 0;
  const sample = () => { workerPeakMiB = Math.max(workerPeakMiB, memoryOf(worker).rssMiB); };
  const sampler = setInterval(sample, 250);
  const started = Date.now();
  await sendAll(system, batches);
  const acceptSeconds = (Date.now() - started) / 1000;
  await waitUntilScored(db);
  clearInterval(sampler);
  sample();
  return { seconds: (Date.now() - started) / 1000, acceptSeconds, workerPeakMiB };
}

/** The same jobs (one per batch and partition) through the same queues, each processed by a no-op. */
async function noOpQueues(redisUrl: string, batches: BenchEvent[][]): Promise<number> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const prefix = `noop${process.pid}`;
  const queues = Array.from({ length: partitions }, (_, p) => new Queue(scoringQueueName(p), { connection, prefix }));
  await Promise.all(queues.map((queue) => queue.setGlobalConcurrency(1)));
  let eventsDone = 0;
  const jobEvents = new Map<string, number>();
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => { finish = resolve; });
  const workers = queues.map((queue) => new Worker(queue.name, async (job: Job) => {
    eventsDone += jobEvents.get(job.id as string) ?? 0;
    if (eventsDone >= totalEvents) finish();
  }, { connection, prefix, concurrency: 1 }));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const started = Date.now();
  let jobId = 0;
  const pending = [...batches];
  await Promise.all(Array.from({ length: senders }, async () => {
    for (let batch = pending.shift(); batch; batch = pending.shift()) {
      const byLead = new Map<string, number>();
      for (const event of batch) byLead.set(event.metadata.email, (byLead.get(event.metadata.email) ?? 0) + 1);
      await Promise.all([...groupByPartition(byLead.keys(), partitions)].map(([partition, keys]) => {
        const id = `j${jobId++}`;
        jobEvents.set(id, keys.reduce((sum, key) => sum + (byLead.get(key) ?? 0), 0));
        return queues[partition].addBulk([{ name: SCORING_JOB_NAME, data: { lead_keys: keys, reason: 'ingest' }, opts: { ...SCORING_JOB_OPTIONS, jobId: id } }]);
      }));
    }
  }));
  await allDone;
  const seconds = (Date.now() - started) / 1000;
  await Promise.all(workers.map((worker) => worker.close()));
  await Promise.all(queues.map((queue) => queue.obliterate({ force: true }).then(() => queue.close())));
  return seconds;
}

/**
 * The documents the pipeline wrote, written again into an empty database with the same operations and nothing
 * else: events inserted per batch (into the log, then a copy into the pending inbox), then per lead (16 at a time,
 * like 16 partitions) its lead document replaced, its history inserted and its inbox entries deleted.
 */
async function rawWrites(client: MongoClient, source: Db): Promise<{ seconds: number; insertManySeconds: number }> {
  const target = client.db(`raw_writes_${process.pid}`);
  await target.collection('events').createIndex({ event_id: 1 }, { unique: true });
  await target.collection('events').createIndex({ lead_key: 1, timestamp: 1, event_id: 1 });
  await target.collection('pending_events').createIndex({ partition: 1 });
  await target.collection('pending_events').createIndex({ lead_key: 1 });
  await target.collection('score_history').createIndex({ lead_key: 1, timestamp: 1, event_id: 1 });
  const events = await source.collection('events').find({}).toArray();
  const leads = await source.collection('leads').find({}).toArray();
  const history = await source.collection('score_history').find({}).toArray();
  const historyByLead = new Map<string, typeof history>();
  for (const entry of history) historyByLead.set(entry.lead_key, [...(historyByLead.get(entry.lead_key) ?? []), entry]);

  const started = Date.now();
  const eventBatches = Array.from({ length: Math.ceil(events.length / batchSize) }, (_, i) => events.slice(i * batchSize, (i + 1) * batchSize));
  await Promise.all(Array.from({ length: senders }, async () => {
    for (let batch = eventBatches.shift(); batch; batch = eventBatches.shift()) await target.collection('events').insertMany(batch, { ordered: false });
  }));
  // The ceiling: the events alone, as one plain insertMany per batch stores them.
  const insertManySeconds = (Date.now() - started) / 1000;
  const copyBatches = Array.from({ length: Math.ceil(events.length / batchSize) }, (_, i) => events.slice(i * batchSize, (i + 1) * batchSize));
  await Promise.all(Array.from({ length: senders }, async () => {
    for (let batch = copyBatches.shift(); batch; batch = copyBatches.shift()) {
      const copies = batch.map((event) => ({ _id: event.event_id, lead_key: event.lead_key, partition: event.partition, received_at: event.received_at, event }));
      await target.collection<{ _id: string }>('pending_events').insertMany(copies, { ordered: false });
    }
  }));
  const pendingLeads = [...leads];
  await Promise.all(Array.from({ length: partitions }, async () => {
    for (let lead = pendingLeads.shift(); lead; lead = pendingLeads.shift()) {
      await target.collection('leads').replaceOne({ _id: lead._id }, lead, { upsert: true });
      const entries = historyByLead.get(String(lead._id)) ?? [];
      if (entries.length > 0) await target.collection('score_history').insertMany(entries, { ordered: false });
      await target.collection('pending_events').deleteMany({ lead_key: lead._id });
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  await target.dropDatabase();
  return { seconds, insertManySeconds };
}

async function main(): Promise<void> {
  const system = await startBenchSystem('score', { SCORING_PARTITIONS: String(partitions), SCORING_CONCURRENCY: String(concurrency) });
  const client = await MongoClient.connect(system.infra.mongoUri());
  try {
    const db = client.db();
    const batches = generateBatches();
    console.log(`${totalEvents} events, ${leadCount} leads, batches of ${batchSize} from ${senders} senders, ${partitions} partitions, one worker process running ${concurrency} jobs at once`);

    const storage = await StorageOperations.start(system.infra);
    const e2e = await endToEnd(system, db, batches);
    const e2eRate = totalEvents / e2e.seconds;
    console.log(`end to end: ${round(e2e.seconds)} s, ${Math.round(e2eRate)} scored events/s (all accepted after ${round(e2e.acceptSeconds)} s); worker peak RSS ${round(e2e.workerPeakMiB)} MiB`);
    console.log(await storage.describe(totalEvents));

    const noOpSeconds = await noOpQueues(system.infra.redisUrl, generateBatches());
    const noOpRate = totalEvents / noOpSeconds;
    console.log(`ceiling, same queues with a no-op processor: ${round(noOpSeconds, 2)} s, ${Math.round(noOpRate)} events/s; end to end is ${round((100 * e2eRate) / noOpRate)} % of it`);

    const { seconds: rawSeconds, insertManySeconds } = await rawWrites(client, db);
    const rawRate = totalEvents / rawSeconds;
    const insertManyRate = totalEvents / insertManySeconds;
    console.log(`ceiling, raw writes of the same documents: ${round(rawSeconds)} s, ${Math.round(rawRate)} events/s; end to end is ${round((100 * e2eRate) / rawRate)} % of it`);
    console.log(`ceiling, raw insertMany of the events alone (their first phase): ${round(insertManySeconds, 2)} s, ${Math.round(insertManyRate)} events/s; end to end is ${round((100 * e2eRate) / insertManyRate)} % of the raw insertMany ceiling`);

    console.log(JSON.stringify({
      events: totalEvents, leads: leadCount, partitions,
      end_to_end: { seconds: round(e2e.seconds, 2), events_per_s: Math.round(e2eRate), accept_seconds: round(e2e.acceptSeconds, 2), worker_peak_rss_mib: round(e2e.workerPeakMiB) },
      noop_queues: { seconds: round(noOpSeconds, 2), events_per_s: Math.round(noOpRate) },
      raw_writes: { seconds: round(rawSeconds, 2), events_per_s: Math.round(rawRate) },
      raw_insert_many: { seconds: round(insertManySeconds, 2), events_per_s: Math.round(insertManyRate) },
    }));
  } finally {
    await client.close();
    await stopBenchSystem(system);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
