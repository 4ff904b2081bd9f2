/** Which jobs get a free slot first: a live event's job before a re-score's. */
export type SlotPriority = 'live' | 'rescore';

/**
 * The scoring jobs one worker process runs at once, over all its partitions (SCORING_CONCURRENCY). A partition's
 * job that BullMQ has made active waits here for a slot before it reads anything, and so takes in every event that
 * reached its partition's inbox meanwhile. Without it a worker ran a job on every busy partition at once: at the
 * default 16 partitions and 100 events/s, 16 jobs of about 4 leads each, a storage round trip in each of them at
 * any moment, and each job 3.5 times slower than with 4 partitions, for the same work (docs/benchmarks.md).
 */
export class ScoringSlots {
  private running = 0;
  private readonly waiting: Record<SlotPriority, (() => void)[]> = { live: [], rescore: [] };

  constructor(readonly limit: number) {}

  async run<T>(priority: SlotPriority, task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      // The slot passes to the next waiter as it is (running unchanged), or is freed.
      const next = this.waiting.live.shift() ?? this.waiting.rescore.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
