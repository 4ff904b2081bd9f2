import { Injectable, Logger } from '@nestjs/common';
import { LeaderboardStore, LeadRepository, leaderboardEntryOf } from '@lead-scoring/persistence';

/**
 * The leaderboard lives in Redis; MongoDB holds every lead. When the leaderboard is empty while leads exist
 * (a new or flushed Redis), it is rebuilt from the leads collection. The reconciler asks on every sweep, so this
 * happens within RECONCILE_INTERVAL_MS of a start or of Redis coming back.
 */
@Injectable()
export class LeaderboardRebuilder {
  private readonly logger = new Logger(LeaderboardRebuilder.name);
  private running = false;

  constructor(
    private readonly leaderboard: LeaderboardStore,
    private readonly leads: LeadRepository,
  ) {}

  /** Returns how many leads were put back. */
  async rebuildIfEmpty(): Promise<number> {
    if (this.running || (await this.leaderboard.size()) > 0 || (await this.leads.count()) === 0) return 0;
    this.running = true;
    try {
      let restored = 0;
      for await (const page of this.leads.allInPages()) {
        await this.leaderboard.recordIfAbsent(page.map(leaderboardEntryOf));
        restored += page.length;
      }
      this.logger.warn(`the leaderboard was empty: rebuilt it from ${restored} leads in MongoDB`);
      return restored;
    } finally {
      this.running = false;
    }
  }
}
