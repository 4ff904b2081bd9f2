import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Type } from '@nestjs/common';
import { Job } from 'bullmq';
import { ScoringJob, scoringQueueName } from '@lead-scoring/contracts';
import { ScoringProducer } from '@lead-scoring/queue';
import { ScoreLeadsUseCase } from './score-leads.usecase';
import { foldWaitingJobs } from './waiting-jobs';

/** Waiting jobs of the partition whose leads a job folds too, and the most leads it takes on that way. */
const LOOKAHEAD_JOBS = 50;
const LOOKAHEAD_MAX_LEADS = 1000;

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

      async process(job: Job<ScoringJob>): Promise<{ leads: number }> {
        // A retried job, or one whose worker died (stalled), may have stopped half-way through its writes: re-fold
        // its own leads from their full log, and leave the waiting jobs' leads to those jobs.
        const again = job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0;
        if (again) return { leads: (await this.scoreLeads.execute(partition, job.data.lead_keys, { refold: true })).changed };
        const waiting = await this.scoring.partitionQueues[partition].getWaiting(0, LOOKAHEAD_JOBS - 1);
        const { leadKeys, covered } = foldWaitingJobs(job.data.lead_keys, waiting, LOOKAHEAD_MAX_LEADS);
        const { changed, folded } = await this.scoreLeads.execute(partition, leadKeys, {
          refold: false,
          required: new Set(job.data.lead_keys).size,
          // Draining (SIGTERM): finish this job's own leads and leave the look-ahead to the waiting jobs.
          skipRest: () => this.worker.closing !== undefined,
        });
        // Every event of a covered job was stored before it was queued, so before this job read its leads' pending
        // events: once each of its leads is folded, it would only read them again to find nothing to do.
        const done = covered.filter((other) => other.data.lead_keys.every((leadKey) => folded.has(leadKey)));
        await Promise.all(done.map((other) => other.remove().catch(() => undefined)));
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
