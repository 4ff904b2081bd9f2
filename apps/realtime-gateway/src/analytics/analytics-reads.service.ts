import { Injectable } from '@nestjs/common';
import {
  ActivityBucketSize,
  ActivityTrend,
  AnalyticsSummary,
  CompanyDistribution,
  SCORE_BAND_OPEN_FROM,
  SCORE_BAND_WIDTH,
  ScoreDistribution,
  ScoringSettings,
} from '@lead-scoring/contracts';
import {
  ActivityRollupDocument, AnalyticsRollupRepository, LeadRollupDocument, MAX_EVENT_TYPES_PER_ROLLUP, OTHER_EVENT_TYPES, RulesetRepository, emptyLeadRollup,
} from '@lead-scoring/persistence';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const BUCKET_MS: Record<ActivityBucketSize, number> = { hour: HOUR_MS, day: DAY_MS };
export const DEFAULT_RANGE_MS = 30 * DAY_MS;
export const MAX_BUCKETS = 2000;

/** The partitions' lead-level rollups summed into one. */
export interface MergedRollup {
  lead_count: number;
  total_score: number;
  stages: Map<string, number>;
  bands: Map<number, number>;
  companies: Map<string, { leads: number; events: number; total_score: number }>;
  events_total: number;
  events_by_type: Map<string, number>;
  newest_event_at: Date | null;
}

export function mergeRollups(rollups: LeadRollupDocument[]): MergedRollup {
  const merged: MergedRollup = {
    lead_count: 0, total_score: 0, stages: new Map(), bands: new Map(), companies: new Map(), events_total: 0, events_by_type: new Map(), newest_event_at: null,
  };
  const add = <K>(map: Map<K, number>, key: K, count: number) => map.set(key, (map.get(key) ?? 0) + count);
  for (const rollup of rollups) {
    merged.lead_count += rollup.lead_count;
    merged.total_score += rollup.total_score;
    merged.events_total += rollup.events_total;
    for (const { stage, count } of rollup.stages) add(merged.stages, stage, count);
    for (const { min, count } of rollup.bands) add(merged.bands, min, count);
    for (const { event_type, count } of rollup.events_by_type) add(merged.events_by_type, event_type, count);
    for (const { company, leads, events, total_score } of rollup.companies) {
      const entry = merged.companies.get(company) ?? { leads: 0, events: 0, total_score: 0 };
      merged.companies.set(company, { leads: entry.leads + leads, events: entry.events + events, total_score: entry.total_score + total_score });
    }
    const newest = rollup.newest_event_at ? new Date(rollup.newest_event_at) : null;
    if (newest && (!merged.newest_event_at || newest > merged.newest_event_at)) merged.newest_event_at = newest;
  }
  return merged;
}

/** Every configured stage in threshold order (0 where no lead is), then stages leads still hold from older settings. */
export function stageCounts(settings: ScoringSettings, counts: Map<string, number>): { stage: string; count: number }[] {
  const configured = [...settings.stages].sort((a, b) => a.min - b.min).map((stage) => stage.name);
  const others = [...counts.keys()].filter((stage) => !configured.includes(stage) && (counts.get(stage) ?? 0) > 0).sort();
  return [...configured, ...others].map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
}

/**
 * Lead counts per band from rollup counts keyed by band floor. The bands are fixed whatever the scores are (an
 * open band below 0 when a lead is there, SCORE_BAND_WIDTH-wide bands from 0, an open band from
 * SCORE_BAND_OPEN_FROM): building one band per 100 points from the lowest score once let a floor of -1e12 exhaust
 * the gateway's heap.
 */
export function scoreBands(counts: Map<number, number>): ScoreDistribution['bands'] {
  let below = 0;
  const within = new Map<number, number>();
  for (const [min, count] of counts) {
    if (min < 0) below += count;
    else {
      const band = Math.min(Math.floor(min / SCORE_BAND_WIDTH) * SCORE_BAND_WIDTH, SCORE_BAND_OPEN_FROM);
      within.set(band, (within.get(band) ?? 0) + count);
    }
  }
  const bands: ScoreDistribution['bands'] = below > 0 ? [{ min: null, max: 0, count: below }] : [];
  for (let min = 0; min <= SCORE_BAND_OPEN_FROM; min += SCORE_BAND_WIDTH) {
    bands.push({ min, max: min === SCORE_BAND_OPEN_FROM ? null : min + SCORE_BAND_WIDTH, count: within.get(min) ?? 0 });
  }
  return bands;
}

export interface ActivityRange {
  from?: Date;
  to?: Date;
  bucket: ActivityBucketSize;
}

/** The range of a trend on bucket boundaries; null when it would hold more than MAX_BUCKETS buckets or none. */
export function resolveRange(range: ActivityRange, newest: Date | null, now: Date): { from: number; to: number } | 'empty' | 'too-long' {
  const size = BUCKET_MS[range.bucket];
  const floor = (time: number) => Math.floor(time / size) * size;
  const ceil = (time: number) => Math.ceil(time / size) * size;
  let from: number;
  let to: number;
  if (range.from && range.to) [from, to] = [floor(range.from.getTime()), ceil(range.to.getTime())];
  else if (range.from) [from, to] = [floor(range.from.getTime()), floor(range.from.getTime()) + DEFAULT_RANGE_MS];
  else if (range.to) [from, to] = [ceil(range.to.getTime()) - DEFAULT_RANGE_MS, ceil(range.to.getTime())];
  else {
    // SPEC: the 30 days ending at the newest event, so that old data (a seed file) still shows a trend.
    to = floor((newest ?? now).getTime()) + size;
    from = to - DEFAULT_RANGE_MS;
  }
  if (to <= from) return 'empty';
  if ((to - from) / size > MAX_BUCKETS) return 'too-long';
  return { from, to };
}

/** `YYYY-MM` of every month that overlaps [from, to). */
export function monthsBetween(from: number, to: number): string[] {
  const months: string[] = [];
  const cursor = new Date(from);
  cursor.setUTCDate(1);
  cursor.setUTCHours(0, 0, 0, 0);
  while (cursor.getTime() < to) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

/**
 * The name each event type is shown under: its own for the MAX_EVENT_TYPES_PER_ROLLUP types with the most events
 * (ties by name), OTHER_EVENT_TYPES for the rest. Each partition's documents name their own first types, so the
 * partitions together may name more; an answer never lists more than that many.
 */
export function shownEventTypes(totals: Map<string, number>): Map<string, string> {
  const ranked = [...totals].filter(([type]) => type !== OTHER_EVENT_TYPES).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const shown = new Map(ranked.map(([type], rank) => [type, rank < MAX_EVENT_TYPES_PER_ROLLUP ? type : OTHER_EVENT_TYPES]));
  return shown.set(OTHER_EVENT_TYPES, OTHER_EVENT_TYPES);
}

/** Counts by type with the types past MAX_EVENT_TYPES_PER_ROLLUP added up under OTHER_EVENT_TYPES. */
export function foldRareEventTypes(counts: Map<string, number>, shown = shownEventTypes(counts)): Map<string, number> {
  const folded = new Map<string, number>();
  for (const [type, count] of counts) {
    const name = shown.get(type) ?? OTHER_EVENT_TYPES;
    folded.set(name, (folded.get(name) ?? 0) + count);
  }
  return folded;
}

/** Hourly rollups folded into the trend's buckets; every bucket of the range is present. */
export function buildTrend(days: ActivityRollupDocument[], from: number, to: number, bucket: ActivityBucketSize): ActivityTrend {
  const size = BUCKET_MS[bucket];
  const buckets = new Map<number, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const day of days) {
    const dayStart = Date.parse(`${day.day}T00:00:00.000Z`);
    for (const { event_type, hours } of day.types) {
      hours.forEach((count, hour) => {
        const at = dayStart + hour * HOUR_MS;
        if (at < from || at >= to || !count) return;
        const start = Math.floor(at / size) * size;
        const counts = buckets.get(start) ?? new Map<string, number>();
        counts.set(event_type, (counts.get(event_type) ?? 0) + count);
        buckets.set(start, counts);
        totals.set(event_type, (totals.get(event_type) ?? 0) + count);
      });
    }
  }
  const shown = shownEventTypes(totals);
  const eventTypes = [...new Set([...totals.keys()].map((type) => shown.get(type) as string))].sort();
  const points: ActivityTrend['points'] = [];
  for (let start = from; start < to; start += size) {
    const counts = foldRareEventTypes(buckets.get(start) ?? new Map(), shown);
    const row: Record<string, number> = {};
    let total = 0;
    for (const type of eventTypes) {
      row[type] = counts.get(type) ?? 0;
      total += row[type];
    }
    points.push({ bucket_start: new Date(start).toISOString(), total, counts: row });
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket, event_types: eventTypes, points };
}

/** Every analytics read, from the partitions' rollup documents: never a scan of the events. */
@Injectable()
export class AnalyticsReadsService {
  constructor(
    private readonly rollups: AnalyticsRollupRepository,
    private readonly rulesets: RulesetRepository,
  ) {}

  async summary(now = new Date()): Promise<AnalyticsSummary> {
    const dayStart = (time: number) => new Date(Math.floor(time / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    const lastHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const windowStart = lastHour - 23 * HOUR_MS;
    const [rollups, ruleset, recentDays] = await Promise.all([
      this.rollups.leadRollups(),
      this.rulesets.load(),
      this.rollups.activityOfDays([...new Set([dayStart(windowStart), dayStart(lastHour)])]),
    ]);
    const merged = mergeRollups(rollups);
    const recent = buildTrend(recentDays, windowStart, lastHour + HOUR_MS, 'hour');
    return {
      total_leads: merged.lead_count,
      total_events: merged.events_total,
      events_last_24h: recent.points.reduce((sum, point) => sum + point.total, 0),
      average_score: merged.lead_count === 0 ? 0 : Math.round((merged.total_score / merged.lead_count) * 100) / 100,
      leads_by_stage: stageCounts(ruleset.settings, merged.stages),
      events_by_type: [...foldRareEventTypes(merged.events_by_type)]
        .filter(([, count]) => count > 0)
        .map(([event_type, count]) => ({ event_type, count }))
        .sort((a, b) => b.count - a.count || a.event_type.localeCompare(b.event_type)),
      ruleset_version: ruleset.version,
      newest_event_at: merged.newest_event_at?.toISOString() ?? null,
    };
  }

  async newestEventAt(): Promise<Date | null> {
    return mergeRollups(await this.rollups.leadRollups()).newest_event_at;
  }

  async activity(from: number, to: number, bucket: ActivityBucketSize): Promise<ActivityTrend> {
    const days = await this.rollups.activityOfMonths(monthsBetween(from, to));
    return buildTrend(days, from, to, bucket);
  }

  async companies(limit: number): Promise<CompanyDistribution> {
    const merged = mergeRollups((await this.rollups.companyRollups()).map((document) => ({ ...emptyLeadRollup(document.partition), companies: document.companies })));
    const items = [...merged.companies]
      .filter(([, entry]) => entry.leads > 0)
      .map(([company, entry]) => ({ company, ...entry }))
      .sort((a, b) => b.leads - a.leads || b.events - a.events || (a.company < b.company ? -1 : a.company > b.company ? 1 : 0));
    return { items: items.slice(0, limit) };
  }

  async scoreDistribution(): Promise<ScoreDistribution> {
    const [rollups, settings] = await Promise.all([this.rollups.leadRollups(), this.rulesets.getSettings()]);
    const merged = mergeRollups(rollups);
    return { bands: scoreBands(merged.bands), by_stage: stageCounts(settings, merged.stages) };
  }
}
