import { Schema } from 'mongoose';

const EventPositionSchema = new Schema({ timestamp: Date, event_id: String }, { _id: false });
const RuleTallySchema = new Schema({ rule_id: String, count: Number, points: Number }, { _id: false });

export interface RuleTally {
  rule_id: string;
  count: number;
  points: number;
}

/** How far a trigger has followed the lead's history (see deriveFirings in @lead-scoring/scoring). */
export interface TriggerState {
  trigger_id: string;
  armed: boolean;
  fired: number;
}

/**
 * Event types a lead's document lists at most. A sender may invent a type per event: the list would grow with each
 * (up to 64 characters an entry) until the document were too large to save, and every job rewrites it.
 */
export const MAX_EVENT_TYPES_PER_LEAD = 200;
/** What `event_types` holds instead for a lead with more types: no event type can be `*` (they match ^[A-Z]). */
export const ALL_EVENT_TYPES = '*';

export interface LeadDocument {
  /** The lead key (lower-cased email or `alias:<id>`): the only thing every event of the lead agrees on. */
  _id: string;
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  aliases: string[];
  score: number;
  stage: string;
  event_count: number;
  first_event_at: Date | null;
  last_event_at: Date | null;
  /** The last event folded in, in event-time order: later events can be folded incrementally. */
  last_applied: { timestamp: Date; event_id: string } | null;
  rule_tallies: RuleTally[];
  /** Event times of the latest matches of capped rules (max_per_period), by rule id. */
  rule_recent?: Record<string, string[]>;
  /** The latest value in event time of each metadata key, plus email_domain. */
  traits?: Record<string, unknown>;
  /** Absent on leads folded before fit existed (read as the settings' fit floor). */
  fit_score?: number;
  fit_rule_ids?: string[];
  grade?: string;
  /**
   * Every event type in the lead's log: the rules that can apply to it. A lead with more than
   * MAX_EVENT_TYPES_PER_LEAD types has only ALL_EVENT_TYPES here, and counts as having every type.
   */
  event_types: string[];
  /** The fold digest (settings and the rules for `event_types`) it was folded with; null: folded before digests. */
  rules_digest: string | null;
  /** A digest of its history entries, extended with each fold: a re-fold with the same result is not written. */
  history_digest: string | null;
  /** The token of the scoring job that last saved it (see FinishedJobs in the worker); absent before. */
  saved_by?: string;
  /** One per active trigger when it was folded, by trigger id. */
  trigger_states?: TriggerState[];
  /** The active triggers' conditions it was folded with: another set re-folds the lead once (TriggerSet). */
  triggers_digest?: string | null;
  ruleset_version: number;
  /**
   * Folded by a live event under the previous ruleset while the current one's re-score ran (present only then):
   * that re-score re-folds it before it is done, even if the lead came out the same (ScoreLeadsUseCase).
   */
  behind?: boolean;
  updated_at: Date;
}

export const LEADS_COLLECTION = 'leads';

export const LeadSchema = new Schema<LeadDocument>(
  {
    _id: { type: String, required: true },
    lead_id: { type: String, required: true },
    email: { type: String, default: null },
    name: { type: String, default: null },
    company: { type: String, default: null },
    aliases: { type: [String], default: [] },
    score: { type: Number, required: true },
    stage: { type: String, required: true },
    event_count: { type: Number, required: true },
    first_event_at: { type: Date, default: null },
    last_event_at: { type: Date, default: null },
    last_applied: { type: EventPositionSchema, default: null },
    rule_tallies: { type: [RuleTallySchema], default: [] },
    rule_recent: { type: Schema.Types.Mixed, default: {} },
    traits: { type: Schema.Types.Mixed, default: {} },
    fit_score: { type: Number, default: 0 },
    fit_rule_ids: { type: [String], default: [] },
    grade: { type: String, default: null },
    event_types: { type: [String], default: [] },
    rules_digest: { type: String, default: null },
    history_digest: { type: String, default: null },
    saved_by: { type: String, required: false },
    trigger_states: { type: Schema.Types.Mixed, default: [] },
    triggers_digest: { type: String, default: null },
    ruleset_version: { type: Number, required: true },
    behind: { type: Boolean },
    updated_at: { type: Date, required: true },
  },
  { collection: LEADS_COLLECTION, versionKey: false, minimize: false },
);

// Lookup by public id (GET /api/leads/:id).
LeadSchema.index({ lead_id: 1 }, { unique: true });
// Lookup by email (GET /api/leads/:email); not unique: placeholder leads have none.
LeadSchema.index({ email: 1 });
// The leads a rule change for some event types can affect (a recompute reads those, not every lead).
LeadSchema.index({ event_types: 1 });
