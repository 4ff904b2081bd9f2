import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LeaderboardStore, LeadRepository, leaderboardEntryOf } from '@lead-scoring/persistence';

/**
 * The leaderboard lives in Redis; MongoDB holds every lead. When the leaderboard is empty while leads exist
 * (a new or flushed Redis), it is rebuilt from the leads collection: at start, and whenever the reconciler asks.
 */
@Injectable()
export class LeaderboardRebuilder implements OnApplicationBootstrap {
  private readonly logger = new Logger(LeaderboardRebuilder.name);
  private running = false;

  constructor(
    private readonly leaderboard: LeaderboardStore,
    private readonly leads: LeadRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.rebuildIfEmpty().catch((error: Error) => this.logger.warn(`leaderboard check skipped: ${error.message}`));
  }

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
