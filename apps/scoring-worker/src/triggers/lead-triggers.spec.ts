import { HistoryEntry, TriggerCondition } from '@lead-scoring/contracts';
import { followTriggers } from './lead-triggers';
import { triggerSet } from './trigger-set';

const AT_150: TriggerCondition = { type: 'score_at_least', value: 150, rearm_below: 120 };
const TRIGGERS = triggerSet([{ id: 'trg_a', condition: AT_150 }]);
const START = { score: 0, stage: 'cold', grade: 'C3' };

function entry(id: string, minute: number, score: number): HistoryEntry {
  return { event_id: id, event_type: 'X', timestamp: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), delta: 0, score_after: score, stage_after: 'hot', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' };
}
const position = (history: HistoryEntry[], id: string) => {
  const found = history.find((item) => item.event_id === id)!;
  return { event_id: found.event_id, timestamp: found.timestamp };
};

describe('followTriggers', () => {
  it('sends the firings of new events in an incremental fold and continues the numbering', () => {
    const history = [entry('e3', 3, 100), entry('e4', 4, 160)];
    const followed = followTriggers({
      triggers: TRIGGERS,
      saved: [{ trigger_id: 'trg_a', armed: false, fired: 1 }],
      refolded: false,
      start: { score: 110, stage: 'hot', grade: 'C2' },
      history,
      newEvents: history,
      configurationChanged: false,
    });
    // Saved disarmed, 110 is below 120: the first entry re-arms, the second fires as #2.
    expect(followed.firings.map((found) => [found.firing.n, found.firing.event_id, found.send])).toEqual([[2, 'e4', true]]);
    expect(followed.states).toEqual([{ trigger_id: 'trg_a', armed: false, fired: 2 }]);
  });

  it('suppresses every new firing of a re-fold without new events (a rule or settings change)', () => {
    const history = [entry('e1', 1, 160), entry('e2', 2, 100), entry('e3', 3, 170)];
    const followed = followTriggers({ triggers: TRIGGERS, saved: [], refolded: true, start: START, history, newEvents: [], configurationChanged: true });
    expect(followed.firings.map((found) => [found.firing.n, found.send])).toEqual([[1, false], [2, false]]);
  });

  it('suppresses a new trigger\'s crossings before the new events and sends those at or after them', () => {
    const history = [entry('e1', 1, 160), entry('e2', 2, 100), entry('e3', 3, 170)];
    const followed = followTriggers({ triggers: TRIGGERS, saved: [], refolded: true, start: START, history, newEvents: [position(history, 'e3')], configurationChanged: true });
    expect(followed.firings.map((found) => [found.firing.n, found.send])).toEqual([[1, false], [2, true]]);
  });

  it('records nothing new when a late event only moves a firing that was recorded', () => {
    // The lead crossed at e3 (#1, recorded); a late e0 makes it cross at e2 instead.
    const history = [entry('e0', 0, 60), entry('e2', 2, 150), entry('e3', 3, 200)];
    const followed = followTriggers({ triggers: TRIGGERS, saved: [{ trigger_id: 'trg_a', armed: false, fired: 1 }], refolded: true, start: START, history, newEvents: [position(history, 'e0')], configurationChanged: false });
    expect(followed.firings).toEqual([]);
    expect(followed.states).toEqual([{ trigger_id: 'trg_a', armed: false, fired: 1 }]);
  });

  it('never lowers the saved count, so a number that was delivered is never reused', () => {
    // Two firings were recorded; a rule change leaves one crossing in the history.
    const history = [entry('e1', 1, 160)];
    const followed = followTriggers({ triggers: TRIGGERS, saved: [{ trigger_id: 'trg_a', armed: true, fired: 2 }], refolded: true, start: START, history, newEvents: [], configurationChanged: true });
    expect(followed.firings).toEqual([]);
    expect(followed.states[0].fired).toBe(2);
  });

  it('sends every new firing of a lead whose configuration did not change, even before the events it saw as new', () => {
    // A late event stored in the log before its inbox copy: the re-fold reads it as already scored, but the saved
    // fold was current, so only an event can have made the crossing.
    const history = [entry('e0', 0, 160), entry('e5', 5, 170)];
    const followed = followTriggers({ triggers: TRIGGERS, saved: [{ trigger_id: 'trg_a', armed: true, fired: 0 }], refolded: true, start: START, history, newEvents: [position(history, 'e5')], configurationChanged: false });
    expect(followed.firings.map((found) => [found.firing.event_id, found.send])).toEqual([['e0', true]]);
  });

  it('sends a firing at a decay step that a new event ended', () => {
    const below: TriggerCondition = { type: 'score_below', value: 50, rearm_at_least: 50 };
    const history = [entry('decay:e5:1', 4, 40), entry('e5', 5, 45)];
    const followed = followTriggers({
      triggers: triggerSet([{ id: 'trg_b', condition: below }]),
      saved: [{ trigger_id: 'trg_b', armed: true, fired: 0 }],
      refolded: false,
      start: { score: 80, stage: 'warm', grade: 'C2' },
      history,
      // Only the event is new; its decay step is stamped before it.
      newEvents: [position(history, 'e5')],
      configurationChanged: true,
    });
    expect(followed.firings.map((found) => [found.firing.event_id, found.send])).toEqual([['decay:e5:1', true]]);
  });

  it('follows no trigger when there are none, and keeps no state for them', () => {
    const followed = followTriggers({ triggers: triggerSet([]), saved: [{ trigger_id: 'gone', armed: true, fired: 3 }], refolded: false, start: START, history: [entry('e1', 1, 500)], newEvents: [], configurationChanged: false });
    expect(followed).toEqual({ states: [], firings: [] });
  });
});
