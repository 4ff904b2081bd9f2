import { DecaySettings, HistoryEntry, ScoringSettings } from '@lead-scoring/contracts';
import { FoldResult, LeadScoreState } from './lead-state';
import { clampScore, gradeFor, stageFor } from './score-range';

/*
 * Decay: a lead's score fades while it does nothing. When `settings.decay.enabled`, for every FULL
 * `period_days` between two consecutive applied events (the previous one's timestamp and the next one's), the
 * score loses `percent`% of itself before the next event is applied:
 *
 *   score = clamp(score - Math.round(score * percent / 100))      (clamp: into [min_score, max_score])
 *
 * applied period by period, so it compounds and each step rounds on its own. A negative score (possible with a
 * negative min_score) loses magnitude the same way, i.e. moves towards zero. Each step that changes the score or
 * the stage leaves a history entry `decay:<id of the event that ends the inactivity>:<n>` (n = 1..k) stamped at
 * previous event time + n periods, with event_type 'DECAY' and no rule ids.
 *
 * Decay reads event timestamps only, never the clock, so the fold stays a pure function of (events, ruleset),
 * and the last applied event's timestamp (kept in the state) is all an incremental fold needs to decay exactly
 * as a full fold does. `percent` above 100 counts as 100; a non-positive percent or period turns decay off.
 */

export const DECAY_EVENT_TYPE = 'DECAY';

const MS_PER_DAY = 86_400_000;

/** A stretch of inactivity: from the last applied event to whatever ends it (the next event, or "now"). */
export interface Inactivity {
  score: number;
  stage: string;
  /** Timestamp of the last applied event. */
  since: string;
  /** Timestamp of the event that ends the inactivity, or the instant a view is computed for. */
  until: string;
  /** Goes into the ids of the history entries: `decay:<ended_by>:<n>`. */
  ended_by: string;
  /** Decay leaves fit alone; its entries carry it (and the grade it makes with the decayed score). */
  fit: number;
  fit_rule_ids: string[];
}

export interface DecayOutcome {
  score: number;
  stage: string;
  /** One entry per period that changed the score or the stage, oldest first. */
  history: HistoryEntry[];
}

/** The score after every full decay period of `inactivity`, and the history entries of the periods that changed it. */
export function decayBetween(inactivity: Inactivity, settings: ScoringSettings): DecayOutcome {
  let { score, stage } = inactivity;
  const history: HistoryEntry[] = [];
  const periodMs = decayPeriodMs(settings.decay);
  if (periodMs === null) return { score, stage, history };

  const sinceMs = Date.parse(inactivity.since);
  const periods = Math.floor((Date.parse(inactivity.until) - sinceMs) / periodMs);
  const percent = Math.min(100, settings.decay.percent);
  for (let n = 1; n <= periods; n += 1) {
    const decayed = clampScore(score - Math.round((score * percent) / 100), settings);
    const decayedStage = stageFor(decayed, settings);
    // Each step depends on the score alone: once one changes nothing, none of the later ones will either.
    if (decayed === score && decayedStage === stage) break;
    history.push({
      event_id: `decay:${inactivity.ended_by}:${n}`,
      event_type: DECAY_EVENT_TYPE,
      timestamp: new Date(sinceMs + n * periodMs).toISOString(),
      delta: decayed - score,
      score_after: decayed,
      stage_after: decayedStage,
      rule_ids: [],
      fit_delta: 0,
      fit_after: inactivity.fit,
      fit_rule_ids: inactivity.fit_rule_ids,
      grade_after: gradeFor(inactivity.fit, decayed, settings),
    });
    score = decayed;
    stage = decayedStage;
  }
  return { score, stage, history };
}

/**
 * The state as it would be at `asOf` if no event came in between: decay from the last applied event up to `asOf`,
 * for "as of now" views. History ids read `decay:as-of:<asOf>:<n>`. `last_applied` is left as it was, so the
 * result is for display only: folding later events onto it would count the same inactivity twice.
 */
export function decayUntil(state: LeadScoreState, asOf: string, settings: ScoringSettings): FoldResult {
  if (Number.isNaN(Date.parse(asOf))) throw new RangeError(`asOf is not a timestamp: ${asOf}`);
  if (!state.last_applied) return { state: { ...state }, history: [] };
  const { score, stage, history } = decayBetween(
    { score: state.score, stage: state.stage, since: state.last_applied.timestamp, until: asOf, ended_by: `as-of:${asOf}`, fit: state.fit_score, fit_rule_ids: state.fit_rule_ids },
    settings,
  );
  return { state: { ...state, score, stage, grade: gradeFor(state.fit_score, score, settings) }, history };
}

/** Length of one decay period in whole milliseconds, or null when decay does nothing. */
function decayPeriodMs(decay: DecaySettings): number | null {
  if (!decay.enabled || !(decay.percent > 0)) return null; // `!(x > 0)` also catches a missing (NaN) percent
  // Whole milliseconds, like the timestamps. NaN (settings saved before percent and period_days existed) fails too.
  const periodMs = Math.round(decay.period_days * MS_PER_DAY);
  return Number.isFinite(periodMs) && periodMs >= 1 ? periodMs : null;
}
