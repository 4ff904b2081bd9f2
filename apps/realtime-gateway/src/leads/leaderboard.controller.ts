import { Controller, Get, Query } from '@nestjs/common';
import { LeaderboardResponse } from '@lead-scoring/contracts';
import { LeaderboardStore, RulesetRepository } from '@lead-scoring/persistence';
import { ApiError, RequiresKey } from '@lead-scoring/runtime';

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
    const limit = limitParam === undefined ? 10 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError(400, 'validation_failed', 'the limit parameter is invalid', [
        { field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` },
      ]);
    }
    const [items, version] = await Promise.all([this.leaderboard.top(limit), this.rulesets.currentVersion()]);
    return { items, ruleset_version: version };
  }
}
