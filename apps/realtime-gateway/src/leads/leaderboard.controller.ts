import { Controller, Get, Query } from '@nestjs/common';
import { LeaderboardResponse } from '@lead-scoring/contracts';
import { LeaderboardStore, RulesetRepository } from '@lead-scoring/persistence';
import { RequiresKey } from '@lead-scoring/runtime';
import { parseLimit } from './query-params';

const MAX_LIMIT = 100;

@Controller('api/leaderboard')
@RequiresKey('admin')
export class LeaderboardController {
  constructor(
    private readonly leaderboard: LeaderboardStore,
    private readonly rulesets: RulesetRepository,
  ) {}

  @Get()
  async top(@Query('limit') limitParam?: string): Promise<LeaderboardResponse> {
    const limit = parseLimit(limitParam, { fallback: 10, max: MAX_LIMIT });
    const [items, version] = await Promise.all([this.leaderboard.top(limit), this.rulesets.currentVersion()]);
    return { items, ruleset_version: version };
  }
}
