import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LeaderboardStore } from '@lead-scoring/persistence';

const RETRY_MS = 5000;
const ATTEMPTS = 60;

/**
 * Leaderboard entries written before the lead-list indexes existed are not in them; at start the gateway adds
 * them (each only if still the stored entry, so it never undoes a newer write by the lead's partition). Redis may
 * not be connected yet at boot (its client has no offline queue), so it retries for a few minutes.
 */
@Injectable()
export class LeadIndexUpgrader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeadIndexUpgrader.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly leaderboard: LeaderboardStore) {}

  onApplicationBootstrap(): void {
    this.attempt(1);
  }

  private attempt(n: number): void {
    this.timer = setTimeout(() => {
      this.leaderboard
        .reindexMissing()
        .then((count) => count > 0 && this.logger.log(`indexed ${count} leaderboard entries for the leads list`))
        .catch((error: Error) => {
          if (n < ATTEMPTS) return this.attempt(n + 1);
          this.logger.warn(`could not index the leaderboard for the leads list: ${error.message}`);
        });
    }, n === 1 ? 1000 : RETRY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
