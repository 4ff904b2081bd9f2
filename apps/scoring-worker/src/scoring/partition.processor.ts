import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Type } from '@nestjs/common';
import { Job } from 'bullmq';
import { ScoringJob, scoringQueueName } from '@lead-scoring/contracts';
import { ScoreLeadsUseCase } from './score-leads.usecase';

/**
 * One BullMQ worker per scoring partition. Each processes one job at a time, and PartitionConcurrency caps
 * every partition at one active job across all worker processes: a lead's documents have a single writer.
 */
export function partitionProcessors(partitions: number): Type<WorkerHost>[] {
  return Array.from({ length: partitions }, (_, partition) => {
    @Processor(scoringQueueName(partition), { concurrency: 1 })
    class PartitionProcessor extends WorkerHost {
      constructor(private readonly scoreLeads: ScoreLeadsUseCase) {
        super();
      }

      async process(job: Job<ScoringJob>): Promise<{ leads: number }> {
        // A retried job may follow a crash half-way through its writes: re-fold its leads from their full log.
        const updated = await this.scoreLeads.execute(job.data.lead_keys, { refold: job.attemptsMade > 0 });
        return { leads: updated };
      }
    }
    Object.defineProperty(PartitionProcessor, 'name', { value: `PartitionProcessor${partition}` });
    return PartitionProcessor;
  });
}
