import { Schema } from 'mongoose';

/**
 * Precomputed analytics, one set of documents per scoring partition (the partition number is part of every _id):
 * only that partition's job writes them, so each document has a single writer even on FerretDB, whose updates
 * are read-modify-write. Readers sum the partitions. Each also holds a `revision` (a random token of its last
 * write by a worker), which lets a worker build on its own last write without reading it back (see
 * AnalyticsRollupRepository.apply); a rebuild writes none. Lists are arrays of {key, count}, never maps, because
 * company names and event types may contain `.` or start with `$`.
 */

/** Lead-level totals of one partition (what its leads are now) and its event totals. `_id`: `p<k>|leads`. */
export interface LeadRollupDocument {
  _id: string;
  kind: 'leads';
  partition: number;
  lead_count: number;
  total_score: number;
  stages: { stage: string; count: number }[];
  /** Lead counts by score band; `min` is the band's lower edge (see SCORE_BAND_WIDTH). */
  bands: { min: number; count: number }[];
  /** Always empty: companies are kept in the partition's company documents (CompanyRollupDocument). */
  companies: { company: string; leads: number; events: number; total_score: number }[];
  events_total: number;
  events_by_type: { event_type: string; count: number }[];
  newest_event_at: Date | null;
  updated_at: Date;
}

/**
 * Leads per company of the partition's companies that hash to `bucket` (lead-level, like LeadRollupDocument; see
 * COMPANY_BUCKETS). `_id`: `p<k>|companies|<bucket>`; `p<k>|companies`, without a bucket, is the one document of
 * every company that earlier versions kept, read beside the buckets until a recount replaces it.
 */
export interface CompanyRollupDocument {
  _id: string;
  kind: 'companies';
  partition: number;
  bucket?: number;
  companies: { company: string; leads: number; events: number; total_score: number }[];
}

/** Scored events of one partition in one UTC day, per hour and type. `_id`: `p<k>|day|YYYY-MM-DD`. */
export interface ActivityRollupDocument {
  _id: string;
  kind: 'activity';
  partition: number;
  /** `YYYY-MM`: a trend reads a month of days with one top-level equality filter (FerretDB pushes those down). */
  month: string;
  day: string;
  /** Per event type, the counts of the 24 UTC hours: compact, because decoding is what costs on FerretDB. */
  types: { event_type: string; hours: number[] }[];
}

export type AnalyticsRollupDocument = LeadRollupDocument | CompanyRollupDocument | ActivityRollupDocument;

export const ANALYTICS_ROLLUPS_COLLECTION = 'analytics_rollups';

export const AnalyticsRollupSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    partition: { type: Number, required: true },
    month: String,
    day: String,
  },
  { collection: ANALYTICS_ROLLUPS_COLLECTION, versionKey: false, minimize: false, strict: false },
);

// The summary reads every partition's `leads` document; a trend reads the `activity` days of a month.
AnalyticsRollupSchema.index({ kind: 1, month: 1 });
AnalyticsRollupSchema.index({ kind: 1, day: 1 });

/**
 * A partition's recounts of its rollups from its leads and their events (see AnalyticsRollupRepository.recount).
 * `_id`: the partition.
 */
export interface RollupRecountDocument {
  _id: number;
  /** Set while the partition must be counted again (markForRecount). */
  marked_at?: Date;
  /** When it was last counted again (when that count had read the log): only events received before could be counted. */
  recounted_at?: Date;
}

export const ROLLUP_RECOUNTS_COLLECTION = 'analytics_recounts';

export const RollupRecountSchema = new Schema<RollupRecountDocument>(
  { _id: { type: Number, required: true }, marked_at: { type: Date, required: false }, recounted_at: { type: Date, required: false } },
  { collection: ROLLUP_RECOUNTS_COLLECTION, versionKey: false },
);
