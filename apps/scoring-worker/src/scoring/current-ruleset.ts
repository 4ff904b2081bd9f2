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
  /** The ruleset state last read from MongoDB for a backlog job, and its revision in Redis, read just before it. */
  private stateRead: { state: RulesetState; revision: string | null; readAt: number } | null = null;

  constructor(
    private readonly rulesets: RulesetRepository,
    private readonly triggers: CurrentTriggers,
  ) {}

  /**
   * The rulesets with their fold digests (kept with them: most leads share a few sets of event types). With
   * `maxAgeMs`, the ruleset version may be one this process read that long ago (see recentState below).
   */
  async digests(maxAgeMs = 0): Promise<FoldRulesets> {
    const state = maxAgeMs > 0 ? this.recentState(maxAgeMs) : this.rulesets.currentState();
    const [{ version, rescoring }, triggers] = await Promise.all([state, this.triggers.current()]);
    if (!this.cached || this.cached.ruleset.version !== version) {
      if (this.cached && this.cached.ruleset.version < version) this.previousRuleset = this.cached.ruleset;
      this.cached = new FoldDigests(await this.rulesets.load(), triggers);
    } else if (this.cached.triggers !== triggers) this.cached = new FoldDigests(this.cached.ruleset, triggers);
    if (!rescoring || !this.previousRuleset) return { current: this.cached, previous: null };
    if (this.previousCached?.ruleset !== this.previousRuleset || this.previousCached.triggers !== triggers) this.previousCached = new FoldDigests(this.previousRuleset, triggers);
    return { current: this.cached, previous: this.previousCached };
  }

  /**
   * The ruleset state for a reader that checks it again after its writes (a scoring job: PartitionProcessor): one
   * Redis read instead of two MongoDB reads while the state's revision in Redis has not moved since the last read
   * here, within `maxAgeMs`. Every change bumps the revision after it is stored, so a reader told the state has not
   * moved is wrong only about a change being made at that moment (or whose bump was lost: Redis emptied or away),
   * and the check after its writes has it redo what it did under the replaced state.
   */
  private async recentState(maxAgeMs: number): Promise<RulesetState> {
    const revision = await this.rulesets.stateRevision();
    const last = this.stateRead;
    if (last && revision !== null && revision === last.revision && Date.now() - last.readAt <= maxAgeMs) return last.state;
    const readAt = Date.now();
    const state = await this.rulesets.currentState();
    this.stateRead = { state, revision, readAt };
    return state;
  }
}

type RulesetState = Awaited<ReturnType<RulesetRepository['currentState']>>;
