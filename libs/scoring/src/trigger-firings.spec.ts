import fc from 'fast-check';
import { DEFAULT_SETTINGS, Firing, HistoryEntry, Ruleset, ScoringRule, TriggerCondition } from '@lead-scoring/contracts';
import { foldEvents } from './lead-fold';
import { ScoringEvent, compareEvents, initialLeadState } from './lead-state';
import { LeadPoint, deriveFirings, startTriggerProgress } from './trigger-firings';

const START: LeadPoint = { score: 0, stage: 'cold', grade: 'C3' };
const AT_150: TriggerCondition = { type: 'score_at_least', value: 150, rearm_below: 120 };

/** History entries that move the score through `scores`, staged by the default settings. */
function walk(scores: number[]): HistoryEntry[] {
  let previous = 0;
  return scores.map((score, i) => {
    const entry: HistoryEntry = {
      event_id: `e${String(i).padStart(3, '0')}`,
      event_type: 'PAGE_VIEW',
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      delta: score - previous,
      score_after: score,
      stage_after: [...DEFAULT_SETTINGS.stages].reverse().find((stage) => stage.min <= score)?.name ?? 'cold',
      rule_ids: [],
      fit_delta: 0,
      fit_after: 0,
      fit_rule_ids: [],
      grade_after: `C${score >= 200 ? 1 : score >= 50 ? 2 : 3}`,
    };
    previous = score;
    return entry;
  });
}

function firingsOf(condition: TriggerCondition, scores: number[]) {
  return deriveFirings(condition, startTriggerProgress(condition, START), START, walk(scores)).firings;
}

describe('deriveFirings', () => {
  it('announces a lead crossing the line once, however long it hovers around it', () => {
    const firings = firingsOf(AT_150, [100, 150, 140, 155, 130, 149, 151, 160]);
    expect(firings.map((firing) => [firing.n, firing.event_id, firing.score_before, firing.score_after])).toEqual([[1, 'e001', 100, 150]]);
  });

  it('fires again only after the lead fell below the re-arm line', () => {
    const firings = firingsOf(AT_150, [160, 119, 150, 100, 200]);
    expect(firings.map((firing) => [firing.n, firing.event_id])).toEqual([[1, 'e000'], [2, 'e002'], [3, 'e004']]);
  });

  it('re-arms at the line itself when no re-arm line is given', () => {
    const condition: TriggerCondition = { type: 'score_at_least', value: 150, rearm_below: 150 };
    expect(firingsOf(condition, [150, 149, 150]).map((firing) => firing.n)).toEqual([1, 2]);
  });

  it('does not fire score_below for a lead that starts below the line, only after it rose past the re-arm line', () => {
    const condition: TriggerCondition = { type: 'score_below', value: 20, rearm_at_least: 40 };
    expect(firingsOf(condition, [10, 30, 15])).toEqual([]);
    expect(firingsOf(condition, [10, 40, 19, 35, 45, 5]).map((firing) => [firing.event_id, firing.score_before, firing.score_after])).toEqual([
      ['e002', 40, 19],
      ['e005', 45, 5],
    ]);
  });

  it('follows stages: entered fires on the way in, left on the way out, each re-armed by the opposite move', () => {
    const scores = [60, 210, 250, 150, 220, 10];
    const entered = firingsOf({ type: 'stage_entered', stage: 'qualified' }, scores);
    const left = firingsOf({ type: 'stage_left', stage: 'qualified' }, scores);
    expect(entered.map((firing) => [firing.event_id, firing.stage_before, firing.stage_after])).toEqual([
      ['e001', 'warm', 'qualified'],
      ['e004', 'hot', 'qualified'],
    ]);
    expect(left.map((firing) => [firing.event_id, firing.stage_before, firing.stage_after])).toEqual([
      ['e003', 'qualified', 'hot'],
      ['e005', 'qualified', 'cold'],
    ]);
  });

  it('fires grade_entered when the grade becomes the one named, and again only after it changed', () => {
    const condition: TriggerCondition = { type: 'grade_entered', grade: 'C1' };
    // walk() grades by engagement only (fit 0: C): C2 at 60, C1 from 200.
    expect(firingsOf(condition, [60, 210, 250, 150, 220]).map((firing) => [firing.event_id, firing.grade_before, firing.grade_after])).toEqual([
      ['e001', 'C2', 'C1'],
      ['e004', 'C2', 'C1'],
    ]);
  });

  it('gives the same firings folded in pieces as folded whole', () => {
    const history = walk([100, 160, 110, 170, 90, 155, 121, 119, 150]);
    const whole = deriveFirings(AT_150, startTriggerProgress(AT_150, START), START, history);
    const first = deriveFirings(AT_150, startTriggerProgress(AT_150, START), START, history.slice(0, 4));
    const rest = deriveFirings(AT_150, first.progress, { score: history[3].score_after, stage: history[3].stage_after, grade: history[3].grade_after }, history.slice(4));
    expect([...first.firings, ...rest.firings]).toEqual(whole.firings);
    expect(rest.progress).toEqual(whole.progress);
  });
});

// The promise of the trigger contract: firings are a function of the event log, so any arrival order, re-delivery
// or chunking of the events gives the same firings (and so the same delivery ids).
describe('firings derived from folded events', () => {
  const RULES: ScoringRule[] = [
    { id: 'up', name: 'up', kind: 'engagement', event_type: 'UP', points: 40, conditions: [], max_per_lead: null, max_per_period: null, active: true },
    { id: 'down', name: 'down', kind: 'engagement', event_type: 'DOWN', points: -35, conditions: [], max_per_lead: null, max_per_period: null, active: true },
    { id: 'big', name: 'big', kind: 'engagement', event_type: 'BIG', points: 120, conditions: [], max_per_lead: 2, max_per_period: null, active: true },
  ];
  const settingsArb = fc.boolean().map((decay) => ({ ...DEFAULT_SETTINGS, decay: { enabled: decay, percent: 25, period_days: 1 } }));
  const eventsArb = fc.uniqueArray(
    fc.record({
      event_id: fc.string({ unit: fc.constantFrom('a', 'b', '1', '2'), minLength: 1, maxLength: 3 }),
      event_type: fc.constantFrom('UP', 'DOWN', 'BIG', 'NONE'),
      timestamp: fc.integer({ min: 0, max: 30 }).map((slot) => new Date(Date.UTC(2026, 0, 1) + slot * 8 * 3_600_000).toISOString()),
      metadata: fc.constant({}),
    }),
    { selector: (event) => event.event_id, maxLength: 25 },
  );
  const conditionArb: fc.Arbitrary<TriggerCondition> = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 100 })).map(([value, gap]) => ({ type: 'score_at_least' as const, value, rearm_below: value - gap })),
    fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 100 })).map(([value, gap]) => ({ type: 'score_below' as const, value, rearm_at_least: value + gap })),
    fc.constantFrom(...DEFAULT_SETTINGS.stages.map((stage) => stage.name)).map((stage) => ({ type: 'stage_entered' as const, stage })),
    fc.constantFrom(...DEFAULT_SETTINGS.stages.map((stage) => stage.name)).map((stage) => ({ type: 'stage_left' as const, stage })),
    fc.constantFrom('C1', 'C2', 'C3').map((grade) => ({ type: 'grade_entered' as const, grade })),
  );

  /** The reference: the whole log folded at once, its history followed from the start. */
  function reference(events: ScoringEvent[], ruleset: Ruleset, condition: TriggerCondition) {
    const initial = initialLeadState(ruleset.settings);
    const start = { score: initial.score, stage: initial.stage, grade: initial.grade };
    const { history } = foldEvents(initial, events, ruleset);
    return deriveFirings(condition, startTriggerProgress(condition, start), start, history).firings;
  }

  it('are the same for any permutation and duplication of the events', () => {
    fc.assert(
      fc.property(eventsArb, settingsArb, conditionArb, fc.array(fc.nat()), fc.array(fc.nat({ max: 30 })), (events, settings, condition, order, again) => {
        const ruleset: Ruleset = { version: 1, rules: RULES, settings };
        const delivered = [...events, ...again.filter((i) => i < events.length).map((i) => events[i])]
          .map((event, i) => ({ event, key: order[i] ?? i }))
          .sort((a, b) => a.key - b.key)
          .map(({ event }) => event);
        expect(reference(delivered, ruleset, condition)).toEqual(reference(events, ruleset, condition));
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('are the same when the events are folded in chunks, each continuing from the saved progress', () => {
    fc.assert(
      fc.property(eventsArb, settingsArb, conditionArb, fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1 }), (events, settings, condition, sizes) => {
        const ruleset: Ruleset = { version: 1, rules: RULES, settings };
        // Chunks in event-time order, as the worker folds new events onto a saved lead.
        const ordered = [...events].sort(compareEvents);
        let state = initialLeadState(settings);
        let progress = startTriggerProgress(condition, { score: state.score, stage: state.stage, grade: state.grade });
        const firings: Firing[] = [];
        for (let offset = 0, i = 0; offset < ordered.length; offset += sizes[i % sizes.length], i += 1) {
          const start = { score: state.score, stage: state.stage, grade: state.grade };
          const folded = foldEvents(state, ordered.slice(offset, offset + sizes[i % sizes.length]), ruleset);
          const derived = deriveFirings(condition, progress, start, folded.history);
          firings.push(...derived.firings);
          ({ state } = folded);
          ({ progress } = derived);
        }
        expect(firings).toEqual(reference(events, ruleset, condition));
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
