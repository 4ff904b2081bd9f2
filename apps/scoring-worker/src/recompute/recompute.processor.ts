import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { RECOMPUTE_QUEUE, RecomputeJob, RecomputeProgress } from '@lead-scoring/contracts';
import { FoldBasis, LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { LiveUpdatesProducer, QueueThroughput, ScoringProducer, groupByPartition } from '@lead-scoring/queue';
import { AccountRebuilder } from '../accounts/account-rebuilder';
import { FoldDigests, affectedEventTypes, foldBasis } from '../scoring/fold-digest';

const PROGRESS_INTERVAL_MS = 1000;
/** A slice of a recompute that does not finish within this long hands the recompute back to BullMQ to try again. */
const STALL_LIMIT_MS = 120_000;
/**
 * Leads per partition in one slice: a live job of the partition waits behind at most one re-fold of this many
 * leads, however many leads the recompute has in all.
 */
const SLICE_LEADS_PER_PARTITION = 50;
const SLICE_POLL_MS = 100;

/**
 * Re-scores the leads a new ruleset version can affect: those whose fold digest (the settings and the rules for
 * the event types they have) changed. A new rule for one event type reads and re-folds only the leads with such
 * events (once the previous version's recompute is done), and a lead whose re-fold comes out the same is not
 * rewritten (see ScoreLeadsUseCase).
 *
 * The work runs on the leads' own partitions (so the single-writer rule holds), in slices: one job of at most
 * SLICE_LEADS_PER_PARTITION leads of a partition at a time, its next slice once that job is done. Live events queued
 * meanwhile wait behind one slice job at most, and a newer version stops this one between two slices instead of queueing
 * behind it. Resumable: run again after a crash, it takes only the leads whose digest is still not current.
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
    private readonly accounts: AccountRebuilder,
  ) {
    super();
  }

  async process(job: Job<RecomputeJob>): Promise<RecomputeProgress | null> {
    const { version } = job.data;
    const digests = new FoldDigests(await this.rulesets.load());
    if (digests.ruleset.version > version) return null;
    // A change of the account strategy re-scores accounts, not leads: at once, rather than at the next sweep.
    await this.accounts.sync();
    // Only the leads of the event types whose rules changed, when the previous version's recompute finished (every
    // lead was folded under it then); else every lead, as after a crash or a recompute stopped by a newer version.
    const basis = foldBasis(digests.ruleset);
    const previous = await this.rulesets.foldBasisOf(version - 1);
    const eventTypes = previous ? affectedEventTypes(previous, basis) : null;
    const affected: string[] = [];
    for await (const page of this.leads.foldInputsInPages(eventTypes ?? undefined)) {
      for (const lead of page) if (lead.rules_digest !== digests.of(lead.event_types ?? [])) affected.push(lead._id);
    }
    this.logger.log(`ruleset ${version}: re-scoring ${affected.length} leads (${eventTypes ? `of the event types ${JSON.stringify(eventTypes)}` : 'of all'})`);

    const progress = this.progressReporter(job, version, affected.length);
    let processed = 0;
    let stopped = false;
    // Each partition goes through its own slices, one job at a time: no partition waits for a slower one, and a
    // live job of any partition still waits behind one slice job at most.
    const reFoldPartition = async (leadKeys: string[]): Promise<void> => {
      for (let offset = 0; offset < leadKeys.length && !stopped; offset += SLICE_LEADS_PER_PARTITION) {
        if (await this.superseded(version)) {
          stopped = true;
          return;
        }
        const slice = leadKeys.slice(offset, offset + SLICE_LEADS_PER_PARTITION);
        const queued = await this.scoring.enqueue(slice, 'recompute');
        const started = Date.now();
        let states: string[] | null;
        while (!(states = await finishedStates(queued))) {
          if (Date.now() - started > STALL_LIMIT_MS) throw new Error(`ruleset ${version}: a slice of ${slice.length} leads took over ${STALL_LIMIT_MS / 1000} s`);
          await progress.report(processed);
          await sleep(SLICE_POLL_MS);
        }
        // A failed slice job keeps its leads behind: the recompute is tried again, and takes only those still behind.
        if (states.includes('failed')) throw new Error(`ruleset ${version}: a scoring job of a slice of ${slice.length} leads failed`);
        processed += slice.length;
      }
    };
    const partitions = [...groupByPartition(affected, this.scoring.partitionQueues.length).values()];
    const outcomes = await Promise.allSettled(
      partitions.map((leadKeys) =>
        reFoldPartition(leadKeys).catch((error: unknown) => {
          stopped = true; // the other partitions stop at their next slice; BullMQ retries the whole recompute
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    if (stopped) return null;
    return progress.report(processed, true, basis);
  }

  private async superseded(version: number): Promise<boolean> {
    return (await this.rulesets.currentVersion()) > version;
  }

  /** Publishes and records progress at most once a second, and always the last time. */
  private progressReporter(job: Job<RecomputeJob>, version: number, total: number) {
    let reportedAt = 0;
    let reported = 0;
    return {
      /** `basis`, with the last report: what every lead is folded under now. */
      report: async (processed: number, last = false, basis?: FoldBasis): Promise<RecomputeProgress> => {
        const progress: RecomputeProgress = { version, state: last ? 'done' : 'running', processed, total };
        if (!last && Date.now() - reportedAt < PROGRESS_INTERVAL_MS) return progress;
        reportedAt = Date.now();
        await this.rulesets.recordRecompute(progress, basis);
        await this.liveUpdates.publish('recompute.progress', [progress]);
        await job.updateProgress({ processed, total });
        if (processed > reported) await this.throughput.record(RECOMPUTE_QUEUE, processed - reported);
        reported = processed;
        return progress;
      },
    };
  }
}

/**
 * The jobs' states once every one is completed or failed (a failed job's leads stay behind, and the stall limit
 * hands the recompute back), else null.
 */
async function finishedStates(jobs: Job[]): Promise<string[] | null> {
  const states = await Promise.all(jobs.map((job) => job.getState()));
  return states.every((state) => state === 'completed' || state === 'failed' || state === 'unknown') ? states : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
