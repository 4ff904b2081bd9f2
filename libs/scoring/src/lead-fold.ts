import { HistoryEntry, Ruleset, ScoringRule, canonicalJson } from '@lead-scoring/contracts';
import { conditionHolds } from './conditions';
import { decayBetween } from './decay';
import { FoldResult, LeadScoreState, ScoringEvent, compareEvents } from './lead-state';
import { clampScore, stageFor } from './score-range';

/** Raised when an incremental fold is asked to apply an event at or before the last applied one. */
export class OutOfOrderError extends Error {}

/**
 * Applies `events` after `state`. The result depends only on the inputs: events are sorted here, an event_id
 * given more than once counts once, and every event must come after `state.last_applied` (else OutOfOrderError:
 * the caller re-folds from the start). With decay enabled, the inactivity before each event is decayed first.
 */
export function foldEvents(state: LeadScoreState, events: readonly ScoringEvent[], ruleset: Ruleset): FoldResult {
  const ordered = distinctInEventOrder(events);
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
    if (next.last_applied) {
      const decayed = decayBetween(
        { score: next.score, stage: next.stage, since: next.last_applied.timestamp, until: event.timestamp, ended_by: event.event_id },
        ruleset.settings,
      );
      next.score = decayed.score;
      next.stage = decayed.stage;
      history.push(...decayed.history);
    }
    const entry = applyEvent(next, event, rulesByType.get(event.event_type) ?? [], ruleset);
    if (entry) history.push(entry);
  }
  return { state: next, history };
}

/** Scores one event onto `state` (mutated) and returns its history entry, or null when it changed nothing visible. */
function applyEvent(state: LeadScoreState, event: ScoringEvent, rulesOfType: readonly ScoringRule[], ruleset: Ruleset): HistoryEntry | null {
  const matched = rulesOfType.filter(
    (rule) =>
      (rule.max_per_lead === null || (state.rule_counts[rule.id] ?? 0) < rule.max_per_lead) &&
      rule.conditions.every((condition) => conditionHolds(condition, event)),
  );
  const points = matched.reduce((sum, rule) => sum + rule.points, 0);
  for (const rule of matched) {
    state.rule_counts[rule.id] = (state.rule_counts[rule.id] ?? 0) + 1;
    state.rule_points[rule.id] = (state.rule_points[rule.id] ?? 0) + rule.points;
  }
  const scoreBefore = state.score;
  const stageBefore = state.stage;
  state.score = clampScore(state.score + points, ruleset.settings);
  state.stage = stageFor(state.score, ruleset.settings);
  state.event_count += 1;
  state.last_applied = { timestamp: event.timestamp, event_id: event.event_id };
  if (state.score === scoreBefore && state.stage === stageBefore) return null;
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    timestamp: event.timestamp,
    delta: state.score - scoreBefore,
    score_after: state.score,
    stage_after: state.stage,
    rule_ids: matched.map((rule) => rule.id),
  };
}

/**
 * The events in event-time order, each event_id once: a re-delivered event is the same event, so it must not score
 * twice. Should two copies differ anyway, the one kept must not depend on arrival order: the earliest in event
 * time wins, then the smallest canonical JSON.
 */
function distinctInEventOrder(events: readonly ScoringEvent[]): ScoringEvent[] {
  const seen = new Set<string>();
  return [...events]
    .sort((a, b) => compareEvents(a, b) || compareText(canonicalJson(a), canonicalJson(b)))
    .filter((event) => {
      if (seen.has(event.event_id)) return false;
      seen.add(event.event_id);
      return true;
    });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
