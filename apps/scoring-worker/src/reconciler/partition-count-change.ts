import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AnalyticsRollupRepository, PartitionLayoutRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';
import { GonePartitionEntries } from './gone-partition-entries';

/**
 * Moves what is filed by scoring partition when SCORING_PARTITIONS changed since the count was last recorded:
 * inbox entries under partitions that no longer exist go to their leads' partitions (entries under a partition
 * that still exists are moved by that partition's backlog jobs, see ScoreLeadsUseCase), and the analytics rollups,
 * counted under the old count, are counted again partition by partition. Runs in the background at start, while
 * scoring goes on; a worker that stops half-way leaves the new count unrecorded, and the next one starts again.
 */
@Injectable()
export class PartitionCountChange implements OnApplicationBootstrap {
  private readonly logger = new Logger(PartitionCountChange.name);

  constructor(
    private readonly layout: PartitionLayoutRepository,
    private readonly gonePartitions: GonePartitionEntries,
    private readonly rollups: AnalyticsRollupRepository,
    private readonly scoring: ScoringProducer,
  ) {}

  onApplicationBootstrap(): void {
    void this.adopt().catch((error: Error) => this.logger.warn(`could not adopt the partition count; the next start tries again: ${error.message}`));
  }

  private async adopt(): Promise<void> {
    const partitions = this.scoring.partitionQueues.length;
    const recorded = await this.layout.recorded();
    if (recorded !== null && recorded !== partitions) {
      const moved = await this.gonePartitions.move();
      await this.rollups.repartition(partitions);
      // Every partition: each has a recount to do, and may hold entries to move.
      await this.scoring.wake(this.scoring.partitionQueues.keys());
      this.logger.warn(`SCORING_PARTITIONS changed from ${recorded} to ${partitions}: moved the pending events of ${moved.leads} leads out of the partitions that are gone; every partition's analytics will be counted again`);
    }
    if (recorded !== partitions) await this.layout.record(partitions);
  }
}
