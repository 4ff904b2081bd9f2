import { Injectable } from '@nestjs/common';
import { RulesetRepository } from '@lead-scoring/persistence';
import { FoldDigests } from './fold-digest';

/** The ruleset to score with, reloaded only when its version moved (one small read per job instead of all rules). */
@Injectable()
export class CurrentRuleset {
  private cached: FoldDigests | null = null;

  constructor(private readonly rulesets: RulesetRepository) {}

  /** The ruleset with its fold digests (kept with it: most leads share a few sets of event types). */
  async digests(): Promise<FoldDigests> {
    const version = await this.rulesets.currentVersion();
    if (!this.cached || this.cached.ruleset.version !== version) this.cached = new FoldDigests(await this.rulesets.load());
    return this.cached;
  }
}
