import { Injectable, Logger } from '@nestjs/common';
import { RecomputeProgress } from '@lead-scoring/contracts';
import { LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { RecomputeProducer } from '@lead-scoring/queue';

/**
 * What follows every rule or settings change: a new ruleset version, and a background re-score of every lead
 * with it. If the recompute cannot be queued now (Redis away), the change still stands: the worker re-scores
 * each lead on its next event, and the next change or restart of a recompute catches up the rest.
 */
@Injectable()
export class ChangeRulesetUseCase {
  private readonly logger = new Logger(ChangeRulesetUseCase.name);
  private lastCount: { version: number; progress: Promise<RecomputeProgress>; freshUntil: number } | null = null;

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
   * Counting leads decodes every lead on FerretDB (seconds at 20,000 leads) and the dashboard asks every second
   * while a recompute runs: concurrent callers share one count, and a count is reused for four times as long as it
   * took (at least a second), for the same ruleset version. Socket.io's recompute.progress carries the live figures.
   */
  async progress(): Promise<RecomputeProgress> {
    const version = await this.rulesets.currentVersion();
    const cached = this.lastCount;
    if (cached && cached.version === version && Date.now() < cached.freshUntil) return cached.progress;
    const started = Date.now();
    const progress = this.countProgress(version);
    this.lastCount = { version, progress, freshUntil: Number.POSITIVE_INFINITY };
    progress.then(
      () => {
        if (this.lastCount?.progress === progress) this.lastCount.freshUntil = Date.now() + Math.max(1000, 4 * (Date.now() - started));
      },
      () => {
        if (this.lastCount?.progress === progress) this.lastCount = null;
      },
    );
    return progress;
  }

  private async countProgress(version: number): Promise<RecomputeProgress> {
    const { processed, total } = await this.leads.versionProgress(version);
    return { version, state: processed >= total ? 'done' : 'running', processed, total };
  }
}
