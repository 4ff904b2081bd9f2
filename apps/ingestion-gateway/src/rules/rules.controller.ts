import { Controller, Get } from '@nestjs/common';
import { Ruleset } from '@lead-scoring/contracts';
import { RulesetRepository } from '@lead-scoring/persistence';
import { RequiresKey } from '@lead-scoring/runtime';

@Controller('api/rules')
@RequiresKey('admin')
export class RulesController {
  constructor(private readonly rulesets: RulesetRepository) {}

  @Get()
  async list(): Promise<{ items: Ruleset['rules']; ruleset_version: number }> {
    const ruleset = await this.rulesets.load();
    return { items: ruleset.rules, ruleset_version: ruleset.version };
  }
}
