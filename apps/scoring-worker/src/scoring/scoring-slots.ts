import { Semaphore } from '@lead-scoring/persistence';

/**
 * The scoring jobs one worker process runs at once, over all its partitions (SCORING_CONCURRENCY); a live job gets
 * a freed slot before a re-score's (priority `low`). A partition's job that BullMQ has made active waits here for a
 * slot before it reads anything, and so takes in every event that reached its partition's inbox meanwhile. Without
 * it a worker ran a job on every busy partition at once: at the default 16 partitions and 100 events/s, 16 jobs of
 * about 4 leads each, a storage round trip in each of them at any moment, and each job 3.5 times slower than with 4
 * partitions, for the same work (docs/benchmarks.md).
 */
export class ScoringSlots extends Semaphore {}
