import { HistoryEntry, ScoringSettings } from '@lead-scoring/contracts';
import { clampScore, stageFor } from './score-range';

/** What the engine needs of a stored event. */
export interface ScoringEvent {
  event_id: string;
  event_type: string;
  source?: string;
  /** ISO-8601 in UTC, as stored. */
  timestamp: string;
  metadata: Record<string, unknown>;
}

export interface EventPosition {
  timestamp: string;
  event_id: string;
}

/** Everything needed to go on folding a lead's later events without reading its earlier ones. */
export interface LeadScoreState {
  score: number;
  stage: string;
  event_count: number;
  /** Also where decay starts counting inactivity from, which is why an incremental fold needs nothing else. */
  last_applied: EventPosition | null;
  /** Times each rule has given points to this lead: drives `max_per_lead` and the breakdown. */
  rule_counts: Record<string, number>;
  /** Points each rule has given this lead, before clamping. */
  rule_points: Record<string, number>;
}

export interface FoldResult {
  state: LeadScoreState;
  /** One entry per event or decay step that changed the score or the stage, in event-time order. */
  history: HistoryEntry[];
}

/** Event-time order: by timestamp, then by event id (code unit order, so it is the same everywhere). */
export function compareEvents(a: EventPosition, b: EventPosition): number {
  const byTime = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  if (byTime !== 0) return byTime;
  return a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;
}

export function initialLeadState(settings: ScoringSettings): LeadScoreState {
  const score = clampScore(0, settings);
  return { score, stage: stageFor(score, settings), event_count: 0, last_applied: null, rule_counts: {}, rule_points: {} };
}
