import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PartitionLayoutRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';

const CHECK_INTERVAL_MS = 30_000;

/**
 * Notes the partition count this gateway files inbox entries under, before it serves and then every 30 s (the
 * worker moves entries filed under partitions it does not have, up to the highest count noted), and warns while
 * the worker records another count: the services should all run with the same SCORING_PARTITIONS. Ingestion goes on
 * either way: during a change of the count some services start on the new one before the worker records it.
 */
@Injectable()
export class PartitionCountCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionCountCheck.name);
  private timer: NodeJS.Timeout | undefined;
  /** The worker's count last warned about, so that a lasting mismatch is logged once. */
  private warnedAbout: number | null = null;

  constructor(
    private readonly layout: PartitionLayoutRepository,
    private readonly scoring: ScoringProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    const partitions = this.scoring.partitionQueues.length;
    let recorded: number | null;
    try {
      recorded = await this.layout.noteFiling(partitions);
    } catch (error) {
      this.logger.warn(`could not note this gateway's partition count (trying again in ${CHECK_INTERVAL_MS / 1000} s): ${(error as Error).message}`);
      return;
    }
    if (recorded === null || recorded === partitions) {
      this.warnedAbout = null;
      return;
    }
    if (this.warnedAbout !== recorded) {
      this.logger.warn(`SCORING_PARTITIONS is ${partitions} here but ${recorded} for the scoring worker: run every service with the same value (the worker moves events filed under partitions it does not have, late)`);
    }
    this.warnedAbout = recorded;
  }
}
