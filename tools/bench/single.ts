// Single-event ingestion against its ceiling: one POST /api/events per event from --clients clients as fast as the
// answers come, through the whole system (worker and realtime gateway running); then, on the same FerretDB, the
// same documents as the gateway stores them written with the driver's insertOne, one per document, from as many
// clients, into a collection of its own with the events collection's indexes: the most single events could give.
// The driver keeps --pool operations in flight, the services' MONGO_POOL_SIZE default (FerretDB 1.24 on PostgreSQL
// can deadlock past that, docs/reliability.md); the other clients wait for a connection as they would in a gateway.
// Usage: npx tsx tools/bench/single.ts [--clients=32] [--seconds=20] [--leads=1000] [--pool=10] [--drain-seconds=60]
import { MongoClient } from 'mongodb';
import { validateEvent } from '@lead-scoring/contracts';
import { FaultSystem } from '../faults/fault-system';
import { MONGO_CLIENT_OPTIONS } from '../faults/verify';
import { EVENT_TYPES } from '../faults/traffic';
import { DEFAULT_SCORING_CONCURRENCY, argument, percentile, round } from './bench-support';
import { CpuUsage, PeakMemory, agent, closedLoop, describeLoad, sendJson, waitUntilScored } from './live-load';

const clients = argument('clients', 32);
const seconds = argument('seconds', 20);
const leads = argument('leads', 1000);
const pool = argument('pool', 10);
const drainSeconds = argument('drain-seconds', 60);

const eventOf = (n: number, tag: string) => ({ event_id: `${tag}-${n}`, event_type: EVENT_TYPES[n % 5], metadata: { email: `lead${n % leads}@bench.example`, url: '/pricing' } });

/** The document the gateway stores for an event with a client event_id and an email (IngestEventsUseCase.toDocument). */
function storedDocument(raw: unknown) {
  const check = validateEvent(raw);
  if (!check.ok) throw new Error(`invalid bench event: ${JSON.stringify(check.details)}`);
  const { event } = check;
  const receivedAt = new Date();
  return {
    event_id: event.event_id as string, key_source: 'client', lead_key: (event.email as string).toLowerCase(), event_type: event.event_type,
    source: event.source, timestamp: event.timestamp ? new Date(event.timestamp) : receivedAt, received_at: receivedAt, metadata: event.metadata,
    email: event.email, lead_id: event.lead_id, name: event.name, company: event.company,
  };
}

async function main(): Promise<void> {
  const faults = await FaultSystem.start('bench-single', { env: { SCORING_CONCURRENCY: String(DEFAULT_SCORING_CONCURRENCY) } });
  const client = await MongoClient.connect(faults.mongoUri, { ...MONGO_CLIENT_OPTIONS, maxPoolSize: pool });
  try {
    const memory = new PeakMemory(faults);
    const cpu = new CpuUsage(faults);
    const url = `${faults.url('ingestion-gateway')}/api/events`;
    const gateway = await closedLoop(clients, seconds, async (n) => {
      const { status } = await sendJson('POST', url, faults.ingestKey, eventOf(n, 'bench-single'));
      return { status, accepted: status === 202 ? 1 : 0 };
    });
    const gatewayRate = gateway.accepted / gateway.seconds;
    console.log(`gateway, single events from ${clients} clients for ${seconds} s (${leads} leads, worker running):`);
    for (const line of describeLoad(gateway, 'event')) console.log(`  ${line}`);
    console.log(`  ${cpu.describe()}`);
    // The ceiling is measured on a quiet server: the worker first scores what the gateway took.
    const drainStarted = performance.now();
    const drained = await waitUntilScored(faults, drainSeconds);
    console.log(`  ${drained ? 'scored' : 'NOT all scored'} ${round((performance.now() - drainStarted) / 1000)} s after the last answer; ${memory.stop()}`);

    const rawCpu = new CpuUsage(faults);
    const raw = client.db().collection('events_raw_ceiling');
    await raw.createIndex({ event_id: 1 }, { unique: true });
    await raw.createIndex({ lead_key: 1, timestamp: 1, event_id: 1 });
    const ceiling = await closedLoop(clients, seconds, async (n) => {
      await raw.insertOne(storedDocument(eventOf(n, 'bench-raw')));
      return { status: 202, accepted: 1 };
    });
    await raw.drop();
    const rawRate = ceiling.accepted / ceiling.seconds;
    console.log(`ceiling, insertOne per document from ${clients} clients (pool of ${pool}) for ${seconds} s: ${round(rawRate)} documents/s (${ceiling.accepted} documents, ${ceiling.failures} failed); p50 ${round(percentile(ceiling.latencies, 50))} ms, p99 ${round(percentile(ceiling.latencies, 99))} ms`);
    console.log(`  ${rawCpu.describe()}`);
    console.log(`gateway / raw: ${round(gatewayRate / rawRate, 2)} (${round((100 * gatewayRate) / rawRate)} % of the insertOne ceiling)`);
    console.log(JSON.stringify({ clients, seconds, gateway_events_per_s: Math.round(gatewayRate), gateway_non202: gateway.non202, gateway_failures: gateway.failures, raw_documents_per_s: Math.round(rawRate), raw_pool: pool, ratio: round(gatewayRate / rawRate, 3) }));
  } finally {
    agent.destroy();
    await client.close();
    await faults.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
