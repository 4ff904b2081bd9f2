import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RulesetRepository } from './repositories/ruleset.repository';

/**
 * Seeds the default rules on the first start against an empty database. Both writers of the system (gateway
 * and worker) seed, so either may start first; RulesetRepository.ensureSeeded makes the second a no-op.
 */
@Injectable()
export class RulesetSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(RulesetSeeder.name);

  constructor(private readonly rulesets: RulesetRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.rulesets.ensureSeeded()) this.logger.log('seeded the default rules and settings');
  }
}
