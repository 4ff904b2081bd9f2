import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';
import { WORKER_CONFIG, WorkerConfig } from '../config';
import { AccountRebuilder } from '../accounts/account-rebuilder';
import { LeaderboardRebuilder } from '../leaderboard/leaderboard-rebuilder';

const SWEEP_LIMIT = 5000;

/**
 * Finds events that were stored but are still in the pending inbox after a grace period (their job was lost with Redis,
 * or never written because the gateway died or Redis was down after the insert) and enqueues their leads again.
 * Re-enqueuing is harmless: a job for a lead with nothing pending does nothing. It also has an empty leaderboard
 * rebuilt, for the same cause (a Redis that lost its data), and the accounts kept whole and on the current strategy.
 */
@Injectable()
export class PendingEventsReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PendingEventsReconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly events: EventRepository,
    private readonly scoring: ScoringProducer,
    private readonly leaderboard: LeaderboardRebuilder,
    private readonly accounts: AccountRebuilder,
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

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * While a job has waited longer than the grace period, events that old are most likely still queued: looking for
   * them would decode every pending event and queue their leads twice. A lost job is found once scoring catches up.
   */
  private async scoringIsBehind(): Promise<boolean> {
    const oldestWaiting = await this.scoring.oldestWaitingSince();
    return oldestWaiting !== null && oldestWaiting < Date.now() - this.config.RECONCILE_GRACE_MS;
  }

  private async requeueStale(): Promise<number> {
    const stale = await this.events.findStalePending(new Date(Date.now() - this.config.RECONCILE_GRACE_MS), SWEEP_LIMIT);
    if (stale.length > 0) {
      await this.scoring.enqueue(stale, 'reconcile');
      this.logger.warn(`re-enqueued ${stale.length} events left unscored past the grace period`);
    }
    return stale.length;
  }

  /** Returns how many stale events were found. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const found = (await this.scoringIsBehind()) ? 0 : await this.requeueStale();
      // A Redis that came back empty lost the leaderboard too.
      await this.leaderboard.rebuildIfEmpty();
      // Likewise the accounts, which also take a changed account strategy here (it re-folds no lead).
      await this.accounts.sync();
      return found;
    } catch (error) {
      this.logger.warn(`reconciliation skipped: ${(error as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
