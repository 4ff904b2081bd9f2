import { Injectable } from '@nestjs/common';
import { Ruleset } from '@lead-scoring/contracts';
import { RulesetRepository } from '@lead-scoring/persistence';
import { CurrentTriggers } from '../triggers/current-triggers';
import { FoldDigests, FoldRulesets } from './fold-digest';

/**
 * The ruleset and triggers to score with, reloaded only when they moved: per job one small read of the ruleset
 * version (a backlog job: one Redis read, see ScoreLeadsUseCase) and one Redis read of the triggers' revision,
 * instead of all rules and triggers. The ruleset it held before is kept too; it lives in this process only, so a
 * restarted worker re-folds such leads in full (correct, only slower).
 */
@Injectable()
export class CurrentRuleset {
  private cached: FoldDigests | null = null;
  private previousRuleset: Ruleset | null = null;
  private previousCached: FoldDigests | null = null;

  constructor(
    private readonly rulesets: RulesetRepository,
    private readonly triggers: CurrentTriggers,
  ) {}

  /**
   * The rulesets with their fold digests (kept with them: most leads share a few sets of event types). With
   * `maxAgeMs`, the ruleset version may be one this process read that long ago (see RulesetRepository.recentState).
   */
  async digests(maxAgeMs = 0): Promise<FoldRulesets> {
    const state = maxAgeMs > 0 ? this.rulesets.recentState(maxAgeMs) : this.rulesets.currentState();
    const [{ version, rescoring }, triggers] = await Promise.all([state, this.triggers.current()]);
    if (!this.cached || this.cached.ruleset.version !== version) {
      if (this.cached && this.cached.ruleset.version < version) this.previousRuleset = this.cached.ruleset;
      this.cached = new FoldDigests(await this.rulesets.load(), triggers);
    } else if (this.cached.triggers !== triggers) this.cached = new FoldDigests(this.cached.ruleset, triggers);
    if (!rescoring || !this.previousRuleset) return { current: this.cached, previous: null };
    if (this.previousCached?.ruleset !== this.previousRuleset || this.previousCached.triggers !== triggers) this.previousCached = new FoldDigests(this.previousRuleset, triggers);
    return { current: this.cached, previous: this.previousCached };
  }
}
