import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AccountStore, AccountStrategy, LeadRepository, RulesetRepository, accountLeadOf } from '@lead-scoring/persistence';
import { LiveUpdatesProducer } from '@lead-scoring/queue';

/**
 * Keeps the accounts (in Redis) whole and on the current strategy; the reconciler calls it on every sweep.
 * - A new or flushed Redis has no accounts: they are rebuilt from the leads collection (a lead its partition
 *   records meanwhile keeps the newer state), as the leaderboard is.
 * - A settings change of `accounts` re-folds no lead (it is not part of a lead's fold digest), so no scoring job
 *   would bring the new strategy: the sweep reads the settings and has every account rescored when it changed.
 *   Scoring jobs carry the strategy too, so the first job after a change usually does it first.
 */
@Injectable()
export class AccountRebuilder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountRebuilder.name);
  private running = false;

  constructor(
    private readonly accounts: AccountStore,
    private readonly leads: LeadRepository,
    private readonly rulesets: RulesetRepository,
    private readonly liveUpdates: LiveUpdatesProducer,
  ) {}

  /**
   * A first sync at start, without waiting for the first sweep: on a new deployment it finds no leads and marks the
   * accounts complete before any are scored. Redis may not answer yet (no offline queue): the sweep tries again.
   */
  onApplicationBootstrap(): void {
    void this.sync().catch(() => undefined);
  }

  async sync(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const strategy = await this.currentStrategy();
      if (!strategy) return;
      if (!(await this.accounts.isBuilt())) {
        const { restored, summaries } = await this.accounts.rebuild(this.leadPages(), strategy);
        if (restored > 0) this.logger.warn(`the accounts were missing ${restored} leads: put them back from MongoDB`);
        await this.liveUpdates.publish('account.updated', summaries);
      }
      const rescored = await this.accounts.applyStrategy(strategy);
      if (rescored.length > 0) this.logger.log(`account strategy ${strategy.settings.strategy} (n ${strategy.settings.n}): rescored ${rescored.length} accounts`);
      await this.liveUpdates.publish('account.updated', rescored);
    } finally {
      this.running = false;
    }
  }

  /**
   * The settings with the ruleset version they belong to. A change writes the settings, then a new version, so the
   * settings read between two equal version reads are those of that version or of the next one (the same either
   * way for the accounts, which only take a strategy at an equal or newer version). Null while one is written.
   */
  private async currentStrategy(): Promise<AccountStrategy | null> {
    const version = await this.rulesets.currentVersion();
    const settings = await this.rulesets.getSettings();
    if ((await this.rulesets.currentVersion()) !== version) return null;
    return { settings: settings.accounts, version };
  }

  private async *leadPages() {
    for await (const page of this.leads.allInPages()) yield page.map(accountLeadOf);
  }
}
