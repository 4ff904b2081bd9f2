import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';
import { WORKER_CONFIG, WorkerConfig } from '../config';
import { AccountRebuilder } from '../accounts/account-rebuilder';
import { LeaderboardRebuilder } from '../leaderboard/leaderboard-rebuilder';
import { RollupRecounts } from '../analytics/rollup-recounts';
import { GonePartitionEntries } from './gone-partition-entries';

const SWEEP_LIMIT = 5000;

/**
 * Finds events that were stored but are still in the pending inbox after a grace period, in a partition that no
 * backlog job will read (its job was lost with Redis, or never written because the gateway died or Redis was down
 * after the insert), and wakes that partition; and moves the entries filed under partitions this worker does not
 * have (a gateway runs with a higher SCORING_PARTITIONS) to their leads' partitions. A partition whose backlog job
 * waits or runs is not searched: that job reads its whole inbox, so an old entry there is late (live traffic or a
 * re-score keeps it busy), not lost, and a job naming its lead would only fold it twice. It also has an empty
 * leaderboard rebuilt, for the same cause (a Redis that lost its data), the accounts kept whole and on the current
 * strategy, and the partitions whose analytics need a recount woken (see RollupRecounts).
 */
@Injectable()
export class PendingEventsReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PendingEventsReconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    private readonly events: EventRepository,
    private readonly scoring: ScoringProducer,
    private readonly leaderboard: LeaderboardRebuilder,
    private readonly accounts: AccountRebuilder,
    private readonly recounts: RollupRecounts,
    private readonly gonePartitions: GonePartitionEntries,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    // A database upgraded from a version that kept each event's state on the event: its pending events join the
    // inbox before the first sweep (in the background: the worker scores meanwhile, and the sweep finds them later).
    void this.adoptLegacyPending();
    this.timer = setInterval(() => void this.sweep(), this.config.RECONCILE_INTERVAL_MS);
  }

  private async adoptLegacyPending(): Promise<void> {
    try {
      const leads = await this.events.adoptLegacyPending();
      if (leads.length === 0) return;
      await this.scoring.enqueue(leads, 'reconcile');
      this.logger.log(`moved the pending events of ${leads.length} leads, left by an earlier version, into the inbox`);
    } catch (error) {
      // The index is dropped last: the next start tries again, and the sweep scores what was moved meanwhile.
      this.logger.warn(`could not move the pending events left by an earlier version: ${(error as Error).message}`);
    }
  }

  /** Before the connections close: a sweep cut off by that would only log a failure. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * Wakes the idle partitions that hold stale entries. An entry filed under a partition its lead no longer maps to
   * (the partition count changed) is moved to its lead's partition by that backlog job.
   */
  private async requeueStale(): Promise<number> {
    const olderThan = new Date(Date.now() - this.config.RECONCILE_GRACE_MS);
    let found = 0;
    for (const partition of await this.scoring.partitionsWithoutBacklogJob()) {
      const stale = await this.events.findStalePendingInPartition(partition, olderThan, SWEEP_LIMIT);
      if (stale.length === 0) continue;
      found += stale.length;
      await this.scoring.wake([partition]);
      this.logger.warn(`${stale.length} events of partition ${partition} left unscored past the grace period with no job to read them: queued one`);
    }
    return found;
  }

  private async moveFromGonePartitions(): Promise<void> {
    const moved = await this.gonePartitions.move();
    if (moved.to.length === 0) return;
    await this.scoring.wake(moved.to);
    this.logger.warn(`moved the pending events of ${moved.leads} leads out of partitions this worker does not have (is a gateway running with a higher SCORING_PARTITIONS?)`);
  }

  /** Returns how many stale events were found. */
  sweep(): Promise<number> {
    if (this.running) return Promise.resolve(0);
    this.running = this.sweepOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    try {
      const found = await this.requeueStale();
      await this.moveFromGonePartitions();
      // A Redis that came back empty lost the leaderboard too.
      await this.leaderboard.rebuildIfEmpty();
      // Likewise the accounts, which also take a changed account strategy here (it re-folds no lead).
      await this.accounts.sync();
      // A recount is done by a job of its partition: one runs even if no event comes.
      const toRecount = await this.recounts.refresh();
      if (toRecount.length > 0) await this.scoring.wake(toRecount);
      return found;
    } catch (error) {
      this.logger.warn(`reconciliation skipped: ${(error as Error).message}`);
      return 0;
    }
  }
}
