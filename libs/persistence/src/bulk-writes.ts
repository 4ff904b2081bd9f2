import { Semaphore } from './semaphore';

/**
 * Bulk writes of a scoring job: many documents per command, few commands at once in the whole process.
 *
 * How many statements per command is MONGO_UPDATES_PER_COMMAND: on MongoDB a job's leads take one bulkWrite of
 * replaceOne, and its inbox entries one bulkWrite of deleteMany (a statement per lead). FerretDB 1.24 (development) commits each updated document in a transaction
 * of its own, and holds a PostgreSQL connection per statement of an update command until the command ends: one
 * bulkWrite of 50 updates, or four of 20 at once, takes every connection of its pool and hangs it for good. So
 * the scripts set 8 there, and at most `BULK_COMMANDS_IN_FLIGHT` such commands run at once per process, whatever
 * the number of partitions: at most 2 x (8 + 1) connections held by a worker's bulk updates.
 */
export const BULK_COMMANDS_IN_FLIGHT = 2;

const bulkCommands = new Semaphore(BULK_COMMANDS_IN_FLIGHT);

/** Writes `items` as commands of at most `size` items each, through the process-wide limit on bulk commands. */
export async function writeInChunks<T>(items: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  const chunks: Promise<unknown>[] = [];
  for (let i = 0; i < items.length; i += size) {
    const chunk = items.slice(i, i + size);
    chunks.push(bulkCommands.run(() => write(chunk)));
  }
  await Promise.all(chunks);
}

/** Runs `task` over `items` with at most `concurrency` running at once; results in the order of `items`. */
export async function mapConcurrently<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i], i);
    }),
  );
  return results;
}
