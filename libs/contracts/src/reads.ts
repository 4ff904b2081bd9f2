// Payloads of the realtime gateway's REST reads (SPEC.md "Reads"). The dashboard imports these; the gateway returns them.
import { HistoryEntry, LeaderboardItem, LeadView } from './leads';

/** A page of a list; `next_cursor` is opaque and null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** `GET /api/leads`: `total` counts every lead matching the filters, not just this page. */
export interface LeadsPage extends Page<LeadView> {
  total: number;
}

/** Sort keys of `GET /api/leads` (`-` prefix: descending). */
export const LEAD_SORTS = ['score', '-score', 'last_event_at', '-last_event_at', 'name', '-name', 'email', '-email'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

/** A stored event as the lead detail shows it. */
export interface LeadEventView {
  event_id: string;
  event_type: string;
  source: string;
  timestamp: string;
  received_at: string;
  metadata: Record<string, unknown>;
  /** false while the event waits for its scoring job. */
  scored: boolean;
}

export type HistoryPage = Page<HistoryEntry>;
export type LeadEventsPage = Page<LeadEventView>;

/** `GET /api/analytics/summary` */
export interface AnalyticsSummary {
  total_leads: number;
  total_events: number;
  /**
   * Events whose event time falls in the 24 hours before now, counted by whole hours (rollups are hourly): the
   * current UTC hour and the 23 before it.
   */
  events_last_24h: number;
  /** Mean score of all leads, rounded to 2 decimals; 0 with no leads. */
  average_score: number;
  /** Every configured stage, in threshold order, with 0 where no lead is. */
  leads_by_stage: { stage: string; count: number }[];
  events_by_type: { event_type: string; count: number }[];
  ruleset_version: number;
  /** Event time of the newest scored event (null with none): the default end of the activity trend. */
  newest_event_at?: string | null;
}

export type ActivityBucketSize = 'hour' | 'day';

/**
 * `GET /api/analytics/activity`: one point per bucket of the range (empty buckets included, counts 0). Buckets are
 * UTC hours or days; `from` is inclusive, `to` exclusive, both on bucket boundaries. Default: bucket `day`, the 30
 * days ending with the day of the newest event (today when there are none).
 */
export interface ActivityTrend {
  from: string;
  to: string;
  bucket: ActivityBucketSize;
  event_types: string[];
  points: { bucket_start: string; total: number; counts: Record<string, number> }[];
}

/**
 * `GET /api/analytics/companies?limit=10`: companies with the most leads (ties: more events, then name). `events`
 * and `total_score` sum the event_count and score of the company's leads. Leads without a company are left out.
 */
export interface CompanyDistribution {
  items: { company: string; leads: number; events: number; total_score: number }[];
}

/**
 * `GET /api/analytics/score-distribution`: lead counts per score band [min, max) of width SCORE_BAND_WIDTH from 0
 * to the open band [1000, null), preceded by one open band [null, 0) when some lead has a negative score. The
 * number of bands is fixed (at most 12) whatever the scores and settings; `by_stage` as in the summary.
 */
export interface ScoreDistribution {
  bands: { min: number | null; max: number | null; count: number }[];
  by_stage: { stage: string; count: number }[];
}

/** Width of the score distribution's bands; scores of 1000 and above share the last, open band. */
export const SCORE_BAND_WIDTH = 100;
export const SCORE_BAND_OPEN_FROM = 1000;

/** Socket.io `leaderboard.updated`: the top 10 after a window in which some lead changed. */
export interface LeaderboardUpdatedMessage {
  items: LeaderboardItem[];
}

/** Socket.io `activity.updated` (at most once a second, after leads changed): the summary's current numbers. */
export type ActivityUpdatedMessage = AnalyticsSummary;

/** `POST /api/system/rollups/rebuild` */
export interface RollupRebuildResult {
  leads: number;
  events: number;
  documents: number;
  took_ms: number;
}
