import { Injectable } from '@nestjs/common';
import { RulesetRepository } from '@lead-scoring/persistence';
import { CurrentTriggers } from '../triggers/current-triggers';
import { FoldDigests } from './fold-digest';

/**
 * The ruleset and triggers to score with, reloaded only when they moved: per job one small read of the ruleset
 * version and one Redis read of the triggers' revision, instead of all rules and triggers.
 */
@Injectable()
export class CurrentRuleset {
  private cached: FoldDigests | null = null;

  constructor(
    private readonly rulesets: RulesetRepository,
    private readonly triggers: CurrentTriggers,
  ) {}

  /** The ruleset with its fold digests (kept with it: most leads share a few sets of event types). */
  async digests(): Promise<FoldDigests> {
    const [version, triggers] = await Promise.all([this.rulesets.currentVersion(), this.triggers.current()]);
    if (!this.cached || this.cached.ruleset.version !== version) this.cached = new FoldDigests(await this.rulesets.load(), triggers);
    else if (this.cached.triggers !== triggers) this.cached = new FoldDigests(this.cached.ruleset, triggers);
    return this.cached;
  }
}
