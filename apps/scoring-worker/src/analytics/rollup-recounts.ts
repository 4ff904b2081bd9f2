import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AnalyticsRollupRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';

/**
 * How long a partition whose recount could not be exact waits before its jobs try again, at first and at most
 * (doubling in between): each try costs a scan of the leads and the log.
 */
const RECOUNT_RETRY_MS = 5_000;
const RECOUNT_RETRY_MAX_MS = 60_000;

/**
 * Keeps the analytics rollups exact when a scoring job cannot tell whether some events were counted: it marks the
 * partition (in MongoDB, before saving the leads), and a job of the partition counts its rollups again once its
 * own writes are done (AnalyticsRollupRepository.recount). This process learns of marks left by others (a worker
 * that died, a job that failed after marking) when the reconciler refreshes them, and wakes their partitions.
 */
@Injectable()
export class RollupRecounts {
  private readonly logger = new Logger(RollupRecounts.name);
  private readonly marked = new Set<number>();
  private readonly nextTry = new Map<number, { at: number; wait: number }>();
  private readonly recounts: Counter<'result'>;

  constructor(
    private readonly rollups: AnalyticsRollupRepository,
    private readonly scoring: ScoringProducer,
    metrics: Metrics,
  ) {
    this.recounts = metrics.counter('rollup_recounts_total', "Partitions' analytics rollups counted again from the leads and the log, by result: exact, or deferred (events still on their way)", ['result']);
  }

  async mark(partition: number): Promise<void> {
    await this.rollups.markForRecount(partition);
    this.marked.add(partition);
    this.nextTry.delete(partition);
  }

  /**
   * Takes the marks as stored; returns the marked partitions. A mark this process made while they were read stays:
   * the read may have missed it.
   */
  async refresh(): Promise<number[]> {
    const known = new Set(this.marked);
    // Marks of partitions this worker does not have (made under a higher count) go with the count change's recounts.
    const marked = (await this.rollups.partitionsToRecount()).filter((partition) => partition < this.scoring.partitionQueues.length);
    for (const partition of known) if (!marked.includes(partition)) this.marked.delete(partition);
    for (const partition of marked) this.marked.add(partition);
    return marked;
  }

  /**
   * Recounts the partition's rollups if it is marked and not waiting to try again, from inside a backlog job of the
   * partition after its writes. A recount that fails is only logged: the job's scoring is done, and the mark stays
   * for a later job.
   */
  async settle(partition: number): Promise<void> {
    const retry = this.nextTry.get(partition);
    if (!this.marked.has(partition) || Date.now() < (retry?.at ?? 0)) return;
    const started = Date.now();
    try {
      const { deferred } = await this.rollups.recount(partition, (leadKey) => this.scoring.partitionOf(leadKey));
      this.recounts.inc({ result: deferred === null ? 'exact' : 'deferred' });
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (deferred === null) {
        this.marked.delete(partition);
        this.nextTry.delete(partition);
        this.logger.warn(`counted the analytics of partition ${partition} again (${took})`);
        return;
      }
      this.logger.warn(`deferred counting the analytics of partition ${partition} again (${took}): ${deferred}`);
    } catch (error) {
      this.logger.warn(`could not count the analytics of partition ${partition} again: ${(error as Error).message}`);
    }
    const wait = retry ? Math.min(retry.wait * 2, RECOUNT_RETRY_MAX_MS) : RECOUNT_RETRY_MS;
    this.nextTry.set(partition, { at: Date.now() + wait, wait });
  }
}
