import { Firing, HistoryEntry } from '@lead-scoring/contracts';
import { TriggerState } from '@lead-scoring/persistence';
import { EventPosition, LeadPoint, compareEvents, deriveFirings, startTriggerProgress } from '@lead-scoring/scoring';
import { TriggerSet } from './trigger-set';

export interface FoundFiring {
  trigger_id: string;
  firing: Firing;
  /** False for a firing that only a configuration change made (recorded as suppressed, never sent). */
  send: boolean;
}

export interface FollowedTriggers {
  states: TriggerState[];
  firings: FoundFiring[];
}

/**
 * Follows a fold's history entries with every active trigger. `start` is where the history starts from: the
 * settings' initial point for a re-fold (the history is then the whole log's), the saved lead for an incremental
 * fold. Returns the triggers' new states and the firings not recorded before.
 *
 * A firing is new when its number is above the count saved on the lead: the n-th firing is recorded (and delivered)
 * once, whatever re-folds happen. The saved count never goes down, so a rule change that takes a crossing away
 * does not let a later crossing reuse a number that was already delivered.
 *
 * A new firing is sent unless only the configuration can have made it. When the lead's saved fold was current (the
 * same rules, settings and triggers), nothing but events can have changed its history: every new firing is sent,
 * including one caused by an event the job did not see as new (stored in the log, its inbox copy not yet written).
 * When the configuration changed (a trigger new to the lead, a rule or settings change and its re-fold), a new
 * firing is sent only when one of the events new to this fold caused it: it happens at or after the earliest new
 * event in event time (a late event re-folds what follows it), or at a decay step that a new event ended; the
 * others are suppressed.
 */
export function followTriggers(input: {
  triggers: TriggerSet;
  saved: TriggerState[];
  refolded: boolean;
  start: LeadPoint;
  history: readonly HistoryEntry[];
  newEvents: readonly EventPosition[];
  /** The saved fold was made with other rules, settings or triggers (false for a lead never saved). */
  configurationChanged: boolean;
}): FollowedTriggers {
  const newIds = new Set(input.newEvents.map((event) => event.event_id));
  const earliestNew = input.newEvents.reduce<EventPosition | null>((min, event) => (!min || compareEvents(event, min) < 0 ? event : min), null);
  const send = (firing: Firing) =>
    !input.configurationChanged || newIds.has(causeOf(firing.event_id)) || (earliestNew !== null && compareEvents(firing, earliestNew) >= 0);

  const states: TriggerState[] = [];
  const firings: FoundFiring[] = [];
  for (const trigger of input.triggers.triggers) {
    const saved = input.saved.find((state) => state.trigger_id === trigger.id);
    const recorded = saved?.fired ?? 0;
    const progress = !input.refolded && saved ? { armed: saved.armed, fired: saved.fired } : startTriggerProgress(trigger.condition, input.start);
    const derived = deriveFirings(trigger.condition, progress, input.start, input.history);
    for (const firing of derived.firings) {
      if (firing.n > recorded) firings.push({ trigger_id: trigger.id, firing, send: send(firing) });
    }
    states.push({ trigger_id: trigger.id, armed: derived.progress.armed, fired: Math.max(derived.progress.fired, recorded) });
  }
  return { states, firings };
}

/** The event behind a history entry: decay entries (`decay:<event id>:<n>`) are caused by the event that ended the inactivity. */
function causeOf(entryId: string): string {
  return entryId.startsWith('decay:') ? entryId.slice('decay:'.length, entryId.lastIndexOf(':')) : entryId;
}
