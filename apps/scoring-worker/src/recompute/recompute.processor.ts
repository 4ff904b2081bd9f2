import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { RECOMPUTE_QUEUE, RecomputeJob, RecomputeProgress } from '@lead-scoring/contracts';
import { LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { LiveUpdatesProducer, QueueThroughput, ScoringProducer } from '@lead-scoring/queue';

const PROGRESS_INTERVAL_MS = 1000;
/** A recompute that makes no progress for this long is handed back to BullMQ to be tried again. */
const STALL_LIMIT_MS = 120_000;

/**
 * Re-scores every lead with a new ruleset version: queues a re-fold of each lead not yet at that version on its
 * own partition (so the single-writer rule holds), then reports progress until every lead is done.
 * Resumable: run again after a crash, it queues only the leads still behind. A newer version supersedes it.
 */
@Processor(RECOMPUTE_QUEUE, { concurrency: 1, lockDuration: 60_000 })
export class RecomputeProcessor extends WorkerHost {
  private readonly logger = new Logger(RecomputeProcessor.name);

  constructor(
    private readonly leads: LeadRepository,
    private readonly rulesets: RulesetRepository,
    private readonly scoring: ScoringProducer,
    private readonly liveUpdates: LiveUpdatesProducer,
    private readonly throughput: QueueThroughput,
  ) {
    super();
  }

  async process(job: Job<RecomputeJob>): Promise<RecomputeProgress | null> {
    const { version } = job.data;
    if ((await this.rulesets.currentVersion()) > version) return null;
    let queued = 0;
    for await (const keys of this.leads.keysNotAtVersion(version)) {
      await this.scoring.enqueue(keys, 'recompute');
      queued += keys.length;
    }
    this.logger.log(`ruleset ${version}: re-scoring ${queued} leads`);

    let last = { processed: -1, at: Date.now() };
    for (;;) {
      if ((await this.rulesets.currentVersion()) > version) return null;
      const { processed, total } = await this.leads.versionProgress(version);
      const progress: RecomputeProgress = { version, state: processed >= total ? 'done' : 'running', processed, total };
      await this.liveUpdates.publish('recompute.progress', [progress]);
      await job.updateProgress({ processed, total });
      if (progress.state === 'done') return progress;
      if (processed !== last.processed) {
        if (last.processed >= 0) await this.throughput.record(RECOMPUTE_QUEUE, processed - last.processed);
        last = { processed, at: Date.now() };
      }
      if (Date.now() - last.at > STALL_LIMIT_MS) throw new Error(`ruleset ${version}: no lead re-scored for ${STALL_LIMIT_MS / 1000} s (${processed}/${total})`);
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_INTERVAL_MS));
    }
  }
}
