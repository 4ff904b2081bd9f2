import { Schema } from 'mongoose';

export interface ScoreHistoryDocument {
  /** `<lead_key>|<event_id>`: rewriting a lead's history after a crash cannot leave two copies of an entry. */
  _id: string;
  lead_key: string;
  event_id: string;
  event_type: string;
  timestamp: Date;
  delta: number;
  score_after: number;
  stage_after: string;
  rule_ids: string[];
  /** Absent on entries written before fit existed. */
  fit_delta?: number;
  fit_after?: number;
  fit_rule_ids?: string[];
  grade_after?: string;
}

export const SCORE_HISTORY_COLLECTION = 'score_history';

export const ScoreHistorySchema = new Schema<ScoreHistoryDocument>(
  {
    _id: { type: String, required: true },
    lead_key: { type: String, required: true },
    event_id: { type: String, required: true },
    event_type: { type: String, required: true },
    timestamp: { type: Date, required: true },
    delta: { type: Number, required: true },
    score_after: { type: Number, required: true },
    stage_after: { type: String, required: true },
    rule_ids: { type: [String], default: [] },
    fit_delta: { type: Number, default: 0 },
    fit_after: { type: Number, default: 0 },
    fit_rule_ids: { type: [String], default: [] },
    grade_after: { type: String, default: '' },
  },
  { collection: SCORE_HISTORY_COLLECTION, versionKey: false },
);

// A lead's history in event-time order.
ScoreHistorySchema.index({ lead_key: 1, timestamp: 1, event_id: 1 });
