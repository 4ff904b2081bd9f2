import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { RECOMPUTE_QUEUE, RecomputeJob, RecomputeProgress } from '@lead-scoring/contracts';
import { FoldBasis, LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { LiveUpdatesProducer, QueueThroughput, ScoringProducer, groupByPartition } from '@lead-scoring/queue';
import { AccountRebuilder } from '../accounts/account-rebuilder';
import { FoldDigests, affectedEventTypes, foldBasis } from '../scoring/fold-digest';

const PROGRESS_INTERVAL_MS = 1000;
/** A slice of a recompute that runs for longer than this hands the recompute back to BullMQ to try again. */
const STALL_LIMIT_MS = 120_000;
/** Leads per slice job: a live job of the partition waits behind at most one re-fold of this many leads. */
const SLICE_LEADS_PER_PARTITION = 20;
/** Slice jobs queued per partition: one runs while the next waits, so the partition does not idle between them. */
const SLICES_QUEUED_PER_PARTITION = 2;
/** Partitions re-scored at once: few, so that each slice is short, and most partitions have none in the way. */
const PARTITIONS_AT_ONCE = 2;
const SLICE_POLL_MS = 100;
/**
 * Under live load a re-score yields: the next slice of a partition waits up to SLICE_YIELD_MS for live jobs to
 * drain before it is queued, then up to SLICE_MAX_WAIT_MS behind them at its lower priority before it takes its turn
 * among them. So a re-score under endless load still ends, at one slice per lane every 15 s or so.
 */
const SLICE_YIELD_MS = 5000;
const SLICE_MAX_WAIT_MS = 10_000;
/**
 * The search for the leads a change affects reads them in pages, and after each waits up to SEARCH_PAGE_YIELD_MS
 * for live jobs to drain. On FerretDB, which decodes every lead it reads, a search of 10,000 leads read at once took
 * 8 s under 100 live events/s and held their jobs up by as much.
 */
const SEARCH_PAGE_LEADS = 500;
const SEARCH_PAGE_YIELD_MS = 500;

/**
 * Re-scores the leads a new ruleset version can affect: those whose fold digest (the settings and the rules for
 * the event types they have) changed. A new rule for one event type reads and re-folds only the leads with such
 * events (once the previous version's recompute is done), and a lead whose re-fold comes out the same is not
 * rewritten (see ScoreLeadsUseCase).
 *
 * The work runs on the leads' own partitions (so the single-writer rule holds), in slices of
 * SLICE_LEADS_PER_PARTITION leads, PARTITIONS_AT_ONCE partitions at a time, behind live jobs (see reFoldInSlices).
 * Live events of a partition being re-scored wait behind one or two short slice jobs, and those of a lead not reached yet
 * fold under the previous ruleset meanwhile (ScoreLeadsUseCase). A newer version stops this one between two slices
 * instead of queueing behind it. Resumable: run again after a crash, it takes only the leads whose digest is still
 * not current.
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
    // Started, the total not known yet: until a version's progress is recorded, readers count its leads, which on
    // FerretDB decodes every lead twice (seconds at 10,000 leads) while the search below reads them all too.
    if (!(await this.rulesets.recomputeOf(version))) await this.rulesets.recordRecompute({ version, state: 'running', processed: 0, total: 0 });
    // A change of the account strategy re-scores accounts, not leads: at once, rather than at the next sweep.
    await this.accounts.sync();
    // Only the leads of the event types whose rules changed, when the previous version's recompute finished (every
    // lead was folded under it then); else every lead, as after a crash or a recompute stopped by a newer version.
    const basis = foldBasis(digests.ruleset);
    const previous = await this.rulesets.foldBasisOf(version - 1);
    const eventTypes = previous ? affectedEventTypes(previous, basis) : null;
    const affected: string[] = [];
    for await (const page of this.leads.foldInputsInPages(eventTypes ?? undefined, SEARCH_PAGE_LEADS)) {
      for (const lead of page) if (lead.rules_digest !== digests.of(lead.event_types ?? [])) affected.push(lead._id);
      await this.yieldToLiveScoring(SEARCH_PAGE_YIELD_MS);
    }
    this.logger.log(`ruleset ${version}: re-scoring ${affected.length} leads (${eventTypes ? `of the event types ${JSON.stringify(eventTypes)}` : 'of all'})`);

    const progress = this.progressReporter(job, version, affected.length);
    await progress.report(0); // at once: the first slice may wait for live jobs
    let processed = 0;
    // Leads re-folded again (below) do not count twice in the progress.
    let counting = true;
    const reFold = (leadKeys: string[]) =>
      this.reFoldInSlices(version, leadKeys, async (leads) => {
        if (counting) processed += leads;
        await progress.report(processed);
      });
    if (!(await reFold(affected))) return null;
    counting = false;
    // While this runs, live events fold a lead it has not reached under the previous ruleset and mark the lead
    // behind (ScoreLeadsUseCase). Those it reached before, and whose re-fold came out the same, are not current, so
    // they are re-folded now: each once at most, since it is current afterwards.
    if (!(await this.reFoldBehind(digests, reFold))) return null;
    const done = await progress.report(processed, true, basis);
    // A job that read the state before `done` may have marked a lead after the pass above; one that reads it after
    // its writes queues its own leads (PartitionProcessor).
    if (!(await this.reFoldBehind(digests, reFold))) return null;
    return done;
  }

  /** Re-folds the leads marked behind that are not current, until none is left; false if a newer version came. */
  private async reFoldBehind(digests: FoldDigests, reFold: (leadKeys: string[]) => Promise<boolean>): Promise<boolean> {
    for (;;) {
      const behind = (await this.leads.foldInputsBehind()).filter((lead) => lead.rules_digest !== digests.of(lead.event_types ?? []));
      if (behind.length === 0) return true;
      this.logger.log(`ruleset ${digests.ruleset.version}: re-scoring ${behind.length} lead(s) folded under the previous one meanwhile`);
      if (!(await reFold(behind.map((lead) => lead._id)))) return false;
    }
  }

  /**
   * Re-folds leads on their partitions, in slices, a few partitions at a time: a live job of a partition being
   * re-scored waits behind the running slice job, and one more if that one had waited its turn (slices wait behind
   * live jobs: see ScoringProducer), and slices are short because few run at once. The next slice of a partition is queued while one runs, so it never idles
   * between two. False if a newer version stopped it.
   */
  private async reFoldInSlices(version: number, leadKeys: string[], onProgress: (sliceDone: number) => Promise<void>): Promise<boolean> {
    let stopped = false;
    const reFoldPartition = async (keys: string[]): Promise<void> => {
      const slices = Array.from({ length: Math.ceil(keys.length / SLICE_LEADS_PER_PARTITION) }, (_, i) => keys.slice(i * SLICE_LEADS_PER_PARTITION, (i + 1) * SLICE_LEADS_PER_PARTITION));
      const queued: { job: Job; leads: number; queuedAt: number; activeSince: number | null }[] = [];
      while (!stopped && (slices.length > 0 || queued.length > 0)) {
        while (slices.length > 0 && queued.length < SLICES_QUEUED_PER_PARTITION) {
          if (await this.superseded(version)) {
            stopped = true;
            return;
          }
          await this.yieldToLiveScoring();
          const slice = slices.shift() as string[];
          const [job] = await this.scoring.enqueue(slice, 'recompute');
          queued.push({ job, leads: slice.length, queuedAt: Date.now(), activeSince: null });
        }
        await sleep(SLICE_POLL_MS);
        const states = await Promise.all(queued.map(({ job }) => job.getState()));
        for (let i = queued.length - 1; i >= 0; i--) {
          const slice = queued[i];
          if (states[i] === 'completed' || states[i] === 'unknown') {
            queued.splice(i, 1);
            await onProgress(slice.leads);
          } else if (states[i] === 'failed') {
            // A failed slice job keeps its leads behind: the recompute is tried again, and takes only those still behind.
            throw new Error(`ruleset ${version}: a scoring job of a slice of ${slice.leads} leads failed`);
          } else if (states[i] === 'prioritized' && Date.now() - slice.queuedAt > SLICE_MAX_WAIT_MS) {
            // Waited long behind live jobs: it joins them, at the end of their line, so the re-score still ends.
            await slice.job.changePriority({ priority: 0 });
          } else if (states[i] === 'active') {
            slice.activeSince ??= Date.now();
            // Only the time it runs counts: a slice may wait long behind live jobs, by design.
            if (Date.now() - slice.activeSince > STALL_LIMIT_MS) throw new Error(`ruleset ${version}: a slice of ${slice.leads} leads ran for over ${STALL_LIMIT_MS / 1000} s`);
          }
        }
        await onProgress(0);
      }
    };
    const partitions = [...groupByPartition(leadKeys, this.scoring.partitionQueues.length).values()];
    const lanes = Array.from({ length: Math.min(PARTITIONS_AT_ONCE, partitions.length) }, async () => {
      for (let keys = partitions.shift(); keys && !stopped; keys = partitions.shift()) await reFoldPartition(keys);
    });
    const outcomes = await Promise.allSettled(
      lanes.map((lane) =>
        lane.catch((error: unknown) => {
          stopped = true; // the other lanes stop at their next slice; BullMQ retries the whole recompute
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return !stopped;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<RecomputeJob> | undefined, error: Error): void {
    this.logger.warn(`the recompute of ruleset ${job?.data.version ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}/${job?.opts.attempts ?? '?'}), to be tried again: ${error.message}`);
  }

  /** Waits while some partition has a backlog job waiting or running: `maxMs` at most. */
  private async yieldToLiveScoring(maxMs = SLICE_YIELD_MS): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until && (await this.scoring.partitionsWithoutBacklogJob()).length < this.scoring.partitionQueues.length) await sleep(SLICE_POLL_MS);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
