import { HistoryEntry, IDENTIFY_EVENT, Ruleset, ScoringRule, canonicalJson } from '@lead-scoring/contracts';
import { conditionHolds } from './conditions';
import { decayBetween } from './decay';
import { FoldResult, LeadScoreState, ScoringEvent, compareEvents } from './lead-state';
import { clampFit, clampScore, gradeFor, stageFor } from './score-range';

const MS_PER_DAY = 86_400_000;
/**
 * Traits a lead keeps at most: the first keys its events name, in event time (a key it has always takes the newer
 * value). Every metadata key becomes a trait, so without a bound a sender could grow one lead past what a document
 * can hold (500 events of 32 KB, each with new keys) and make every fold copy megabytes.
 */
export const MAX_TRAITS_PER_LEAD = 100;
/** The longest value taken as a trait, as JSON: fit rules compare short values (a country, a size, a title). */
export const MAX_TRAIT_CHARS = 1024;

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
  const fitRules = activeFitRules(ruleset.rules);
  const next: LeadScoreState = {
    ...state,
    rule_counts: { ...state.rule_counts },
    rule_points: { ...state.rule_points },
    rule_recent: { ...state.rule_recent },
    traits: { ...state.traits },
  };
  const history: HistoryEntry[] = [];

  for (const event of ordered) {
    if (next.last_applied) {
      const decayed = decayBetween(
        { score: next.score, stage: next.stage, since: next.last_applied.timestamp, until: event.timestamp, ended_by: event.event_id, fit: next.fit_score, fit_rule_ids: next.fit_rule_ids },
        ruleset.settings,
      );
      next.score = decayed.score;
      next.stage = decayed.stage;
      next.grade = gradeFor(next.fit_score, next.score, ruleset.settings);
      history.push(...decayed.history);
    }
    // IDENTIFY events set traits and score no engagement points.
    const engagementRules = event.event_type === IDENTIFY_EVENT ? [] : (rulesByType.get(event.event_type) ?? []);
    const entry = applyEvent(next, event, engagementRules, fitRules, ruleset);
    if (entry) history.push(entry);
  }
  return { state: next, history };
}

/**
 * Scores one event onto `state` (mutated) and returns its history entry, or null when it changed nothing visible:
 * the event's metadata updates the traits, the engagement rules of its type give points (within their caps), and
 * the fit rules are evaluated again on the new traits.
 */
function applyEvent(state: LeadScoreState, event: ScoringEvent, rulesOfType: readonly ScoringRule[], fitRules: readonly ScoringRule[], ruleset: Ruleset): HistoryEntry | null {
  const matched = rulesOfType.filter(
    (rule) => withinCaps(state, rule, event.timestamp) && rule.conditions.every((condition) => conditionHolds(condition, event)),
  );
  const points = matched.reduce((sum, rule) => sum + rule.points, 0);
  for (const rule of matched) {
    state.rule_counts[rule.id] = (state.rule_counts[rule.id] ?? 0) + 1;
    state.rule_points[rule.id] = (state.rule_points[rule.id] ?? 0) + rule.points;
    if (rule.max_per_period) state.rule_recent[rule.id] = [...(state.rule_recent[rule.id] ?? []), event.timestamp].slice(-rule.max_per_period.count);
  }
  const scoreBefore = state.score;
  const stageBefore = state.stage;
  const fitBefore = state.fit_score;
  state.score = clampScore(state.score + points, ruleset.settings);
  state.stage = stageFor(state.score, ruleset.settings);
  takeTraits(state.traits, traitsOf(event));
  const holding = fitRules.filter((rule) => rule.conditions.every((condition) => conditionHolds(condition, { event_type: '', metadata: {}, traits: state.traits })));
  state.fit_rule_ids = holding.map((rule) => rule.id);
  state.fit_score = clampFit(holding.reduce((sum, rule) => sum + rule.points, 0), ruleset.settings);
  state.grade = gradeFor(state.fit_score, state.score, ruleset.settings);
  state.event_count += 1;
  state.last_applied = { timestamp: event.timestamp, event_id: event.event_id };
  if (state.score === scoreBefore && state.stage === stageBefore && state.fit_score === fitBefore) return null;
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    timestamp: event.timestamp,
    delta: state.score - scoreBefore,
    score_after: state.score,
    stage_after: state.stage,
    rule_ids: matched.map((rule) => rule.id),
    fit_delta: state.fit_score - fitBefore,
    fit_after: state.fit_score,
    fit_rule_ids: state.fit_rule_ids,
    grade_after: state.grade,
  };
}

/**
 * Whether a rule may still give points at `timestamp`: under `max_per_lead`, and with fewer than `count` matches in
 * the `days` days up to it (the window ends at the event; matches exactly `days` ago have left it). Events come in
 * event-time order, so the latest `count` matches are all a cap needs.
 */
function withinCaps(state: LeadScoreState, rule: ScoringRule, timestamp: string): boolean {
  if (rule.max_per_lead !== null && (state.rule_counts[rule.id] ?? 0) >= rule.max_per_lead) return false;
  if (!rule.max_per_period) return true;
  const windowStart = Date.parse(timestamp) - rule.max_per_period.days * MS_PER_DAY;
  const inWindow = (state.rule_recent[rule.id] ?? []).filter((at) => Date.parse(at) > windowStart).length;
  return inWindow < rule.max_per_period.count;
}

/**
 * Sets the lead's traits (mutated) from an event's, within the bounds: a value longer than MAX_TRAIT_CHARS is
 * ignored (the key keeps its earlier value), and a key the lead does not have yet is ignored once it has
 * MAX_TRAITS_PER_LEAD of them.
 */
function takeTraits(traits: Record<string, unknown>, found: Record<string, unknown>): void {
  let count = Object.keys(traits).length;
  for (const [key, value] of Object.entries(found)) {
    const known = Object.hasOwn(traits, key);
    if ((!known && count >= MAX_TRAITS_PER_LEAD) || !shortEnough(value)) continue;
    traits[key] = value;
    if (!known) count += 1;
  }
}

function shortEnough(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= MAX_TRAIT_CHARS;
  if (typeof value !== 'object' || value === null) return true;
  return JSON.stringify(value).length <= MAX_TRAIT_CHARS;
}

/**
 * What an event says about who the lead is: the email's domain, then every metadata key (the domain first, so that
 * a lead with many keys keeps it among its traits).
 */
function traitsOf(event: ScoringEvent): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  const email = event.metadata.email;
  const domain = typeof email === 'string' && email.includes('@') ? email.slice(email.lastIndexOf('@') + 1).toLowerCase() : null;
  if (domain !== null) traits.email_domain = domain;
  for (const [key, value] of Object.entries(event.metadata)) {
    if (value !== undefined && value !== null && !(key === 'email_domain' && domain !== null)) traits[key] = value;
  }
  return traits;
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

// Sorted by id so that rule ids in history are stable whatever order the rules were loaded in.
function byId(rules: readonly ScoringRule[]): ScoringRule[] {
  return [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function groupActiveRules(rules: readonly ScoringRule[]): Map<string, ScoringRule[]> {
  const byType = new Map<string, ScoringRule[]>();
  for (const rule of byId(rules)) {
    if (!rule.active || rule.kind === 'fit' || rule.event_type === null) continue;
    byType.set(rule.event_type, [...(byType.get(rule.event_type) ?? []), rule]);
  }
  return byType;
}

function activeFitRules(rules: readonly ScoringRule[]): ScoringRule[] {
  return byId(rules).filter((rule) => rule.active && rule.kind === 'fit');
}
