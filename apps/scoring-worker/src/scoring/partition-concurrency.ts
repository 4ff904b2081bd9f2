import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ScoringProducer } from '@lead-scoring/queue';

const REASSERT_INTERVAL_MS = 1_000;

/**
 * Sets BullMQ's global concurrency of every partition queue to 1. It is stored in Redis, so it holds across all
 * worker processes and `--scale scoring-worker=N` spreads partitions over processes instead of racing on one
 * lead. Re-asserted every few seconds because a Redis that restarts empty forgets it.
 */
@Injectable()
export class PartitionConcurrency implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionConcurrency.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly scoring: ScoringProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.apply();
    this.timer = setInterval(() => void this.apply().catch((error: Error) => this.logger.warn(`could not set partition concurrency: ${error.message}`)), REASSERT_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async apply(): Promise<void> {
    await Promise.all(this.scoring.partitionQueues.map((queue) => queue.setGlobalConcurrency(1)));
  }
}
