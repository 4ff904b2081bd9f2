import { Injectable } from '@nestjs/common';
import { Ruleset } from '@lead-scoring/contracts';
import { RulesetRepository } from '@lead-scoring/persistence';

/** The ruleset to score with, reloaded only when its version moved (one small read per job instead of all rules). */
@Injectable()
export class CurrentRuleset {
  private cached: Ruleset | null = null;

  constructor(private readonly rulesets: RulesetRepository) {}

  async get(): Promise<Ruleset> {
    const version = await this.rulesets.currentVersion();
    if (!this.cached || this.cached.version !== version) this.cached = await this.rulesets.load();
    return this.cached;
  }
}
