import { Injectable, Logger } from '@nestjs/common';
import { RecomputeProgress } from '@lead-scoring/contracts';
import { LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { RecomputeProducer } from '@lead-scoring/queue';

/**
 * What follows every rule or settings change: a new ruleset version, and a background re-score of the leads it
 * can affect. If the recompute cannot be queued now (Redis away), the change still stands: the worker re-scores
 * each lead on its next event, and the next change or restart of a recompute catches up the rest.
 */
@Injectable()
export class ChangeRulesetUseCase {
  private readonly logger = new Logger(ChangeRulesetUseCase.name);

  constructor(
    private readonly rulesets: RulesetRepository,
    private readonly leads: LeadRepository,
    private readonly recompute: RecomputeProducer,
  ) {}

  /** Returns the new ruleset version. */
  async changed(reason: string): Promise<number> {
    const version = await this.rulesets.bumpVersion(reason);
    await this.recompute.request(version).catch((error: Error) => this.logger.warn(`could not queue the recompute of version ${version}: ${error.message}`));
    return version;
  }

  /**
   * As the worker running the recompute records it (it re-folds only the leads the change can affect). Before it
   * starts, or for a version older than recorded progress, the leads already scored with the version out of all.
   */
  async progress(): Promise<RecomputeProgress> {
    const version = await this.rulesets.currentVersion();
    const recorded = await this.rulesets.recomputeOf(version);
    if (recorded) return recorded;
    const { processed, total } = await this.leads.versionProgress(version);
    return { version, state: processed >= total ? 'done' : 'running', processed, total };
  }
}
