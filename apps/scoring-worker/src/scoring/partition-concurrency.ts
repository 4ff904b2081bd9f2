import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ScoringProducer } from '@lead-scoring/queue';

/**
 * Sets BullMQ's global concurrency of every partition queue to 1. Stored in Redis, so it holds across all worker
 * processes, and `--scale scoring-worker=N` spreads partitions over processes instead of racing on one lead.
 */
@Injectable()
export class PartitionConcurrency implements OnApplicationBootstrap {
  constructor(private readonly scoring: ScoringProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.scoring.partitionQueues.map((queue) => queue.setGlobalConcurrency(1)));
  }
}
