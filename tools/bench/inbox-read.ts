// What one backlog job's inbox read costs on this FerretDB, by the size of its partition's inbox and the job's
// size: the query a scoring job sends (EventRepository.findPendingInPartition: `find({partition}).limit(n)`),
// timed against inboxes of growing size, on a FerretDB of its own (PostgreSQL backend with the project's
// equality indexes when a cluster is provisioned, as in the tests). FerretDB 1.24 does not push a limit down when
// the query has a filter, so the question is whether a job pays for the entries it takes or for the whole inbox.
// Usage: npx tsx tools/bench/inbox-read.ts [--sizes=5000,20000,40000] [--limits=2500,5000] [--runs=3]
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { REPO_ROOT, TestInfrastructure } from '../../e2e/src/support/infrastructure';
import { MONGO_CLIENT_OPTIONS } from '../faults/verify';
import { EVENT_TYPES } from '../faults/traffic';
import { percentile, round } from './bench-support';

const listArgument = (name: string, fallback: number[]) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1].split(',').map(Number) ?? fallback;
const sizes = listArgument('sizes', [5000, 20000, 40000]);
const limits = listArgument('limits', [2500, 5000]);
const runs = listArgument('runs', [3])[0];
/** Entries of the other partitions, so that the partition's filter has something to leave out. */
const OTHER_PARTITION_ENTRIES = 2000;
const INSERT_BATCH = 1000;

/** An inbox entry as the gateway writes it: the event's copy, about 450 bytes of BSON. */
function entry(n: number, partition: number) {
  const receivedAt = new Date();
  const email = `lead${n % 1000}@bench.example`;
  const event = {
    event_id: `inbox-${partition}-${n}`, key_source: 'client', lead_key: email, event_type: EVENT_TYPES[n % 5], source: 'api',
    timestamp: receivedAt, received_at: receivedAt, metadata: { email, url: '/pricing' }, email, partition,
  };
  return { _id: event.event_id, lead_key: email, partition, received_at: receivedAt, event };
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const infra = new TestInfrastructure(join(REPO_ROOT, 'tmp/bench-logs/inbox-read'));
  await infra.start();
  const client = await MongoClient.connect(infra.mongoUri('inbox_read_bench'), MONGO_CLIENT_OPTIONS);
  try {
    const inbox = client.db().collection<ReturnType<typeof entry>>('pending_events');
    await inbox.createIndex({ partition: 1 });
    await inbox.createIndex({ lead_key: 1 });
    for (let i = 0; i < OTHER_PARTITION_ENTRIES; i += INSERT_BATCH) {
      await inbox.insertMany(Array.from({ length: INSERT_BATCH }, (_, j) => entry(i + j, 1 + ((i + j) % 15))));
    }
    console.log(`find({partition}).limit(n) on FerretDB, median of ${runs} runs (${OTHER_PARTITION_ENTRIES} entries in other partitions):`);
    let stored = 0;
    const firstLimitMs = new Map<number, number>();
    for (const size of sizes) {
      for (; stored < size; stored += INSERT_BATCH) {
        await inbox.insertMany(Array.from({ length: INSERT_BATCH }, (_, j) => entry(stored + j, 0)));
      }
      const cells: string[] = [];
      for (const limit of [...limits.filter((taken) => taken < size), size]) {
        const times: number[] = [];
        for (let run = 0; run < runs; run++) {
          times.push(await timed(() => inbox.find({ partition: 0 }).limit(limit).batchSize(limit).toArray()));
        }
        const ms = percentile(times.sort((a, b) => a - b), 50);
        if (limit === limits[0]) firstLimitMs.set(size, ms);
        cells.push(`${limit === size ? 'all' : `limit ${limit}`} ${round(ms, 0)} ms (${round((ms / Math.min(limit, size)) * 1000, 0)} µs/entry taken)`);
      }
      console.log(`  inbox of ${size}: ${cells.join('; ')}`);
    }
    // What an entry the job does not take costs: the growth of the first limit's time with the inbox.
    const measured = sizes.filter((size) => firstLimitMs.has(size));
    if (measured.length >= 2) {
      const [smallest, largest] = [measured[0], measured[measured.length - 1]];
      const perEntryLeft = ((firstLimitMs.get(largest) as number) - (firstLimitMs.get(smallest) as number)) / (largest - smallest);
      console.log(`  each entry left in the inbox adds ${round(perEntryLeft * 1000, 1)} µs to a read of ${limits[0]} (inbox ${smallest} -> ${largest})`);
    }
  } finally {
    await client.close();
    await infra.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
