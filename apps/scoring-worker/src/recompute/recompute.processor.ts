import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { RECOMPUTE_QUEUE, RecomputeJob, RecomputeProgress } from '@lead-scoring/contracts';
import { LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { LiveUpdatesProducer, QueueThroughput, ScoringProducer, groupByPartition } from '@lead-scoring/queue';

const PROGRESS_INTERVAL_MS = 1000;
/** A recompute that makes no progress for this long is handed back to BullMQ to be tried again. */
const STALL_LIMIT_MS = 120_000;
/**
 * Leads per partition in one slice: a live job of the partition waits behind at most one re-fold of this many
 * leads, however many leads the recompute has in all.
 */
const SLICE_LEADS_PER_PARTITION = 50;
const SLICE_POLL_MS = 200;

/**
 * Re-scores every lead with a new ruleset version, on the leads' own partitions (so the single-writer rule holds),
 * in slices: one job of at most SLICE_LEADS_PER_PARTITION leads per partition, the next slice once those are done.
 * Live events queued meanwhile wait behind one slice job at most, and a newer version stops this one between two
 * slices instead of queueing behind it. Resumable: run again after a crash, it takes only the leads still behind.
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
    if (await this.superseded(version)) return null;
    const behind: string[] = [];
    for await (const keys of this.leads.keysNotAtVersion(version)) behind.push(...keys);
    this.logger.log(`ruleset ${version}: re-scoring ${behind.length} leads`);

    const progress = this.progressReporter(job, version);
    for (const slice of slices(behind, this.scoring.partitionQueues.length)) {
      if (await this.superseded(version)) return null;
      const queued = await this.scoring.enqueue(slice, 'recompute');
      while (!(await allFinished(queued))) {
        await progress.reportNow();
        await sleep(SLICE_POLL_MS);
      }
    }
    for (;;) {
      if (await this.superseded(version)) return null;
      const report = await progress.reportNow(true);
      if (report?.state === 'done') return report;
      await sleep(PROGRESS_INTERVAL_MS);
    }
  }

  private async superseded(version: number): Promise<boolean> {
    return (await this.rulesets.currentVersion()) > version;
  }

  /** Publishes progress at most once a second (each count is costly on FerretDB), and fails a stalled recompute. */
  private progressReporter(job: Job<RecomputeJob>, version: number) {
    let reportedAt = 0;
    let last = { processed: -1, at: Date.now() };
    return {
      reportNow: async (force = false): Promise<RecomputeProgress | null> => {
        if (!force && Date.now() - reportedAt < PROGRESS_INTERVAL_MS) return null;
        reportedAt = Date.now();
        const { processed, total } = await this.leads.versionProgress(version);
        const progress: RecomputeProgress = { version, state: processed >= total ? 'done' : 'running', processed, total };
        await this.liveUpdates.publish('recompute.progress', [progress]);
        await job.updateProgress({ processed, total });
        if (processed !== last.processed) {
          if (last.processed >= 0) await this.throughput.record(RECOMPUTE_QUEUE, processed - last.processed);
          last = { processed, at: Date.now() };
        }
        if (progress.state !== 'done' && Date.now() - last.at > STALL_LIMIT_MS) {
          throw new Error(`ruleset ${version}: no lead re-scored for ${STALL_LIMIT_MS / 1000} s (${processed}/${total})`);
        }
        return progress;
      },
    };
  }
}

/** The leads in slices of at most SLICE_LEADS_PER_PARTITION per partition. */
function* slices(leadKeys: string[], partitions: number): Generator<string[]> {
  const byPartition = groupByPartition(leadKeys, partitions);
  for (let offset = 0; ; offset += SLICE_LEADS_PER_PARTITION) {
    const slice = [...byPartition.values()].flatMap((keys) => keys.slice(offset, offset + SLICE_LEADS_PER_PARTITION));
    if (slice.length === 0) return;
    yield slice;
  }
}

/** Completed or failed (a failed job's leads stay behind, and the stall limit hands the recompute back). */
async function allFinished(jobs: Job[]): Promise<boolean> {
  const states = await Promise.all(jobs.map((job) => job.getState()));
  return states.every((state) => state === 'completed' || state === 'failed' || state === 'unknown');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
