import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Type } from '@nestjs/common';
import { Job, WaitingError } from 'bullmq';
import { ScoringJob, scoringQueueName } from '@lead-scoring/contracts';
import { RulesetRepository, SemaphoreClosedError } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';
import { ScoreLeadsUseCase } from './score-leads.usecase';
import { ScoringSlots } from './scoring-slots';

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
        private readonly rulesets: RulesetRepository,
        private readonly slots: ScoringSlots,
      ) {
        super();
      }

      /**
       * A job without leads stands for the partition's backlog (the gateway's); one with leads re-scores those (a
       * recompute, the reconciler). A retried job, or one whose worker died (stalled), may have stopped half-way
       * through its writes. A job with leads re-folds them from their full logs. A backlog job does not need to (it
       * may hold thousands of leads): a lead saved by the dead attempt still has pending events at or before its
       * last applied one, and the fold plan re-folds exactly those leads.
       */
      async process(job: Job<ScoringJob>, token?: string): Promise<{ leads: number }> {
        try {
          return await this.slots.run(() => this.score(job), job.data.reason === 'recompute' ? 'low' : 'high');
        } catch (error) {
          if (!(error instanceof SemaphoreClosedError)) throw error;
          // This worker is closing and the job never started: back to its queue (first in line, no attempt counted)
          // for another worker, instead of holding up the drain. WaitingError tells BullMQ the job has moved.
          await job.moveToWait(token);
          throw new WaitingError();
        }
      }

      private async score(job: Job<ScoringJob>): Promise<{ leads: number }> {
        const again = job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0;
        const backlog = job.data.lead_keys.length === 0;
        const target = backlog ? { backlog: true as const } : { leadKeys: job.data.lead_keys };
        const refold = again && !backlog;
        const { changed, more, unfoldable, written, behind, version, refiledTo } = await this.scoreLeads.execute(partition, target, refold);
        if (more || refiledTo.length > 0) await this.scoring.wake([...(more ? [partition] : []), ...refiledTo]);
        // Read after the writes, so that a change or a finished re-score this read misses came after them, and sees
        // them. A ruleset change made while this job folded may have missed the leads it wrote (its recompute reads
        // the leads when it starts, and can read only the event types it changed): they go through once more, under
        // the new version. So do the leads folded under the previous ruleset if the current one's re-score finished
        // meanwhile (it re-folds those it finds marked behind at its end; these it may not have found).
        if (written.length + behind.length > 0) {
          const now = await this.rulesets.currentState();
          const again = now.version !== version ? [...written, ...behind] : now.rescoring ? [] : behind;
          if (again.length > 0) await this.scoring.enqueue(again, 'recompute');
        }
        if (unfoldable.length > 0) {
          this.logger.warn(`${unfoldable.length} lead(s) of partition ${partition} could not be folded; each goes to a job of its own`);
          await this.scoring.isolate(unfoldable);
        }
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
