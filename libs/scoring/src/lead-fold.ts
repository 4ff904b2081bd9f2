import { HistoryEntry, Ruleset, ScoringRule, ScoringSettings } from '@lead-scoring/contracts';
import { conditionHolds } from './conditions';

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
  last_applied: EventPosition | null;
  /** Times each rule has given points to this lead: drives `max_per_lead` and the breakdown. */
  rule_counts: Record<string, number>;
  /** Points each rule has given this lead, before clamping. */
  rule_points: Record<string, number>;
}

export interface FoldResult {
  state: LeadScoreState;
  /** One entry per event that changed the score or the stage, in event-time order. */
  history: HistoryEntry[];
}

/** Raised when an incremental fold is asked to apply an event at or before the last applied one. */
export class OutOfOrderError extends Error {}

/** Event-time order: by timestamp, then by event id (code unit order, so it is the same everywhere). */
export function compareEvents(a: EventPosition, b: EventPosition): number {
  const byTime = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  if (byTime !== 0) return byTime;
  return a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;
}

export function initialLeadState(settings: ScoringSettings): LeadScoreState {
  const score = clamp(0, settings);
  return { score, stage: stageFor(score, settings), event_count: 0, last_applied: null, rule_counts: {}, rule_points: {} };
}

export function stageFor(score: number, settings: ScoringSettings): string {
  let stage = settings.stages[0]?.name ?? 'none';
  for (const candidate of settings.stages) {
    if (candidate.min <= score) stage = candidate.name;
  }
  return stage;
}

/**
 * Applies `events` after `state`. The result depends only on the inputs: events are sorted here, and every
 * event must come after `state.last_applied` (else OutOfOrderError: the caller re-folds from the start).
 */
export function foldEvents(state: LeadScoreState, events: readonly ScoringEvent[], ruleset: Ruleset): FoldResult {
  const ordered = [...events].sort(compareEvents);
  if (state.last_applied && ordered.length > 0 && compareEvents(ordered[0], state.last_applied) <= 0) {
    throw new OutOfOrderError(`event ${ordered[0].event_id} is not after the last applied event ${state.last_applied.event_id}`);
  }
  const rulesByType = groupActiveRules(ruleset.rules);
  const next: LeadScoreState = {
    ...state,
    rule_counts: { ...state.rule_counts },
    rule_points: { ...state.rule_points },
  };
  const history: HistoryEntry[] = [];

  for (const event of ordered) {
    const matched = (rulesByType.get(event.event_type) ?? []).filter(
      (rule) =>
        (rule.max_per_lead === null || (next.rule_counts[rule.id] ?? 0) < rule.max_per_lead) &&
        rule.conditions.every((condition) => conditionHolds(condition, event)),
    );
    const points = matched.reduce((sum, rule) => sum + rule.points, 0);
    for (const rule of matched) {
      next.rule_counts[rule.id] = (next.rule_counts[rule.id] ?? 0) + 1;
      next.rule_points[rule.id] = (next.rule_points[rule.id] ?? 0) + rule.points;
    }
    const scoreBefore = next.score;
    const stageBefore = next.stage;
    next.score = clamp(next.score + points, ruleset.settings);
    next.stage = stageFor(next.score, ruleset.settings);
    next.event_count += 1;
    next.last_applied = { timestamp: event.timestamp, event_id: event.event_id };
    if (next.score !== scoreBefore || next.stage !== stageBefore) {
      history.push({
        event_id: event.event_id,
        event_type: event.event_type,
        timestamp: event.timestamp,
        delta: next.score - scoreBefore,
        score_after: next.score,
        stage_after: next.stage,
        rule_ids: matched.map((rule) => rule.id),
      });
    }
  }
  return { state: next, history };
}

function clamp(score: number, settings: ScoringSettings): number {
  const upper = settings.max_score ?? Number.POSITIVE_INFINITY;
  return Math.min(upper, Math.max(settings.min_score, score));
}

function groupActiveRules(rules: readonly ScoringRule[]): Map<string, ScoringRule[]> {
  const byType = new Map<string, ScoringRule[]>();
  // Sorted by id so that rule_ids in history are stable whatever order the rules were loaded in.
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!rule.active) continue;
    byType.set(rule.event_type, [...(byType.get(rule.event_type) ?? []), rule]);
  }
  return byType;
}
