import { Controller, Get, Query } from '@nestjs/common';
import { ActivityTrend, AnalyticsSummary, CompanyDistribution, GradeCounts, ScoreDistribution } from '@lead-scoring/contracts';
import { LeadListIndex, RulesetRepository } from '@lead-scoring/persistence';
import { RequiresKey } from '@lead-scoring/runtime';
import { invalidParameter, parseChoice, parseInstant, parseLimit, parseOptionalText } from '../leads/query-params';
import { AnalyticsReadsService, MAX_BUCKETS, resolveRange } from './analytics-reads.service';

@Controller('api/analytics')
@RequiresKey('admin')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsReadsService,
    private readonly rulesets: RulesetRepository,
    private readonly leadList: LeadListIndex,
  ) {}

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

  /** Leads per grade: every pair of the configured fit and engagement labels, best first. */
  @Get('grades')
  async grades(): Promise<GradeCounts> {
    const { grades } = await this.rulesets.getSettings();
    const fit_labels = grades.fit.map((band) => band.label);
    const engagement_labels = grades.engagement.map((band) => band.label);
    const pairs = fit_labels.flatMap((fit) => engagement_labels.map((engagement) => ({ grade: `${fit}${engagement}`, fit, engagement })));
    const counts = await this.leadList.gradeCounts(pairs.map((pair) => pair.grade));
    return { fit_labels, engagement_labels, items: pairs.map((pair) => ({ ...pair, count: counts.get(pair.grade) ?? 0 })) };
  }
}
