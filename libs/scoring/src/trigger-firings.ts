import { Firing, HistoryEntry, TriggerCondition } from '@lead-scoring/contracts';

/** Where a lead stands at one point of its history: all a trigger condition looks at. */
export interface LeadPoint {
  score: number;
  stage: string;
  grade: string;
}

/**
 * How far a trigger has followed one lead's history: whether it may fire at the next crossing, and how many times
 * it has fired. Saved with the lead, so that new history entries are followed without reading the earlier ones.
 */
export interface TriggerProgress {
  armed: boolean;
  fired: number;
}

/** Whether the condition holds at a point: a firing is the moment it starts to. */
export function triggerHolds(condition: TriggerCondition, point: LeadPoint): boolean {
  switch (condition.type) {
    case 'score_at_least':
      return point.score >= condition.value;
    case 'score_below':
      return point.score < condition.value;
    case 'stage_entered':
      return point.stage === condition.stage;
    case 'stage_left':
      return point.stage !== condition.stage;
    case 'grade_entered':
      return point.grade === condition.grade;
  }
}

/**
 * Whether a point is back over the re-arm line. It never overlaps the condition itself (rearm_below <= value,
 * rearm_at_least >= value), so one step cannot both re-arm and fire: hovering between the two lines fires nothing.
 */
function rearms(condition: TriggerCondition, point: LeadPoint): boolean {
  switch (condition.type) {
    case 'score_at_least':
      return point.score < condition.rearm_below;
    case 'score_below':
      return point.score >= condition.rearm_at_least;
    case 'stage_entered':
      return point.stage !== condition.stage;
    case 'stage_left':
      return point.stage === condition.stage;
    case 'grade_entered':
      return point.grade !== condition.grade;
  }
}

/**
 * A trigger's progress before a lead's first event. A lead that starts where the condition holds (score_below 20
 * with scores starting at 0, or stage_left for any other stage) has not crossed anything: it is armed only once
 * it passes the re-arm line.
 */
export function startTriggerProgress(condition: TriggerCondition, initial: LeadPoint): TriggerProgress {
  return { armed: !triggerHolds(condition, initial), fired: 0 };
}

/**
 * The firings along history entries that follow `start` (the lead's point before the first of them), continuing
 * from `progress`. History is in event-time order and a function of the event log (see foldEvents), so the n-th
 * firing is the same whatever order, duplicates or chunks the events came in, and folding the history in pieces
 * gives the same firings as folding it whole.
 */
export function deriveFirings(
  condition: TriggerCondition,
  progress: TriggerProgress,
  start: LeadPoint,
  history: readonly HistoryEntry[],
): { progress: TriggerProgress; firings: Firing[] } {
  let { armed, fired } = progress;
  let before = start;
  const firings: Firing[] = [];
  for (const entry of history) {
    const after = { score: entry.score_after, stage: entry.stage_after, grade: entry.grade_after };
    if (armed && triggerHolds(condition, after)) {
      fired += 1;
      armed = false;
      firings.push({
        n: fired,
        event_id: entry.event_id,
        timestamp: entry.timestamp,
        score_before: before.score,
        score_after: after.score,
        stage_before: before.stage,
        stage_after: after.stage,
        grade_before: before.grade,
        grade_after: after.grade,
      });
    } else if (!armed && rearms(condition, after)) {
      armed = true;
    }
    before = after;
  }
  return { progress: { armed, fired }, firings };
}
