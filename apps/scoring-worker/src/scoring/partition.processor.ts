import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Type } from '@nestjs/common';
import { Job } from 'bullmq';
import { ScoringJob, scoringQueueName } from '@lead-scoring/contracts';
import { ScoringProducer } from '@lead-scoring/queue';
import { ScoreLeadsUseCase } from './score-leads.usecase';

/**
 * One BullMQ worker per scoring partition. Each processes one job at a time, and PartitionConcurrency caps
 * every partition at one active job across all worker processes: a lead's documents have a single writer.
 */
export function partitionProcessors(partitions: number): Type<WorkerHost>[] {
  return Array.from({ length: partitions }, (_, partition) => {
    @Processor(scoringQueueName(partition), { concurrency: 1 })
    class PartitionProcessor extends WorkerHost {
      private readonly logger = new Logger(`PartitionProcessor${partition}`);

      constructor(
        private readonly scoreLeads: ScoreLeadsUseCase,
        private readonly scoring: ScoringProducer,
      ) {
        super();
      }

      /**
       * A job without leads stands for the partition's backlog (the gateway's); one with leads re-scores those (a
       * recompute, the reconciler). A retried job, or one whose worker died (stalled), may have stopped half-way
       * through its writes: it re-folds its leads from their full logs.
       */
      async process(job: Job<ScoringJob>): Promise<{ leads: number }> {
        const refold = job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0;
        const target = job.data.lead_keys.length === 0 ? { backlog: true as const } : { leadKeys: job.data.lead_keys };
        const { changed, more } = await this.scoreLeads.execute(partition, target, refold);
        if (more) await this.scoring.wake([partition]);
        return { leads: changed };
      }

      @OnWorkerEvent('failed')
      onFailed(job: Job<ScoringJob> | undefined, error: Error): void {
        const attempts = `${job?.attemptsMade ?? '?'}/${job?.opts.attempts ?? '?'}`;
        this.logger.warn(`scoring job ${job?.id ?? '?'} of partition ${partition} failed (attempt ${attempts}): ${error.message}`);
      }
    }
    Object.defineProperty(PartitionProcessor, 'name', { value: `PartitionProcessor${partition}` });
    return PartitionProcessor;
  });
}
