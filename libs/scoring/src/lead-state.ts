import { HistoryEntry, ScoringSettings } from '@lead-scoring/contracts';
import { clampFit, clampScore, gradeFor, stageFor } from './score-range';

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
  /** For rules with a frequency cap: the event times (ISO) of their latest matches, at most `count` of them. */
  rule_recent: Record<string, string[]>;
  /** The latest value in event time of each metadata key, plus email_domain: what fit rules read. */
  traits: Record<string, unknown>;
  fit_score: number;
  /** The fit rules that hold on the current traits, by id. */
  fit_rule_ids: string[];
  grade: string;
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
  const fit = clampFit(0, settings);
  return {
    score,
    stage: stageFor(score, settings),
    event_count: 0,
    last_applied: null,
    rule_counts: {},
    rule_points: {},
    rule_recent: {},
    traits: {},
    fit_score: fit,
    fit_rule_ids: [],
    grade: gradeFor(fit, score, settings),
  };
}
