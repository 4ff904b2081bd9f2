import { Controller, Get, Query } from '@nestjs/common';
import { ActivityTrend, AnalyticsSummary, CompanyDistribution, ScoreDistribution } from '@lead-scoring/contracts';
import { RequiresKey } from '@lead-scoring/runtime';
import { invalidParameter, parseChoice, parseInstant, parseLimit, parseOptionalText } from '../leads/query-params';
import { AnalyticsReadsService, MAX_BUCKETS, resolveRange } from './analytics-reads.service';

@Controller('api/analytics')
@RequiresKey('admin')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsReadsService) {}

  @Get('summary')
  summary(): Promise<AnalyticsSummary> {
    return this.analytics.summary();
  }

  /** Scored events per hour or day and type; default: the 30 days ending with the newest event's day. */
  @Get('activity')
  async activity(@Query() query: Record<string, unknown>): Promise<ActivityTrend> {
    const bucket = parseChoice('bucket', query['bucket'], ['hour', 'day'] as const, 'day');
    const from = parseInstant('from', query['from']);
    const to = parseInstant('to', query['to']);
    const newest = from && to ? null : await this.analytics.newestEventAt();
    const range = resolveRange({ from, to, bucket }, newest, new Date());
    if (range === 'empty') throw invalidParameter('to', 'must be after from');
    if (range === 'too-long') throw invalidParameter(from ? 'from' : 'to', `the range must hold at most ${MAX_BUCKETS} ${bucket} buckets`);
    return this.analytics.activity(range.from, range.to, bucket);
  }

  @Get('companies')
  companies(@Query('limit') limit?: string): Promise<CompanyDistribution> {
    return this.analytics.companies(parseLimit(parseOptionalText('limit', limit), { fallback: 10, max: 100 }));
  }

  @Get('score-distribution')
  scoreDistribution(): Promise<ScoreDistribution> {
    return this.analytics.scoreDistribution();
  }
}
