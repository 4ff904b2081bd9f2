import fc from 'fast-check';
import {
  CONDITION_OPERATORS,
  DEFAULT_RULES,
  DEFAULT_SETTINGS,
  HistoryEntry,
  RuleCondition,
  Ruleset,
  ScoringRule,
  ScoringSettings,
} from '@lead-scoring/contracts';
import { decayUntil } from './decay';
import { foldEvents } from './lead-fold';
import { FoldResult, ScoringEvent, compareEvents, initialLeadState } from './lead-state';

/*
 * The scoring promise of SPEC.md: a lead's score and history are a function of its events in (timestamp, event_id)
 * order and of the ruleset, whatever the arrival order, re-deliveries or the way the worker batches them. Every
 * property compares against one reference: the de-duplicated log, sorted, folded one event at a time.
 */

// Fixed so that a failure reproduces; fast-check prints the seed and path of any counterexample it finds.
const SEED = 20260301;
const RUNS = { numRuns: 200, seed: SEED };

// Small ranges on purpose: equal timestamps, repeated types and colliding conditions are where bugs hide.
const EVENT_TYPES = ['EMAIL_OPEN', 'PAGE_VIEW', 'PURCHASE', 'WEBINAR', 'UNSUBSCRIBE'] as const;
const TYPES_WITH_RULES = EVENT_TYPES.slice(0, 3); // WEBINAR and UNSUBSCRIBE never match a rule
const URLS = ['/pricing', '/Pricing/team', '/careers/dev', '/blog', ''];
const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');
const SLOT_MS = 6 * 3_600_000; // events fall on 6-hour slots over 10 days: ties are common, gaps span decay periods
const SLOTS = 40;

const timestampArb = (slots: number) => fc.integer({ min: 0, max: slots }).map((slot) => new Date(BASE_MS + slot * SLOT_MS).toISOString());

const metadataArb = fc.record(
  {
    url: fc.constantFrom(...URLS),
    amount: fc.oneof(fc.integer({ min: -50, max: 500 }), fc.integer({ min: 0, max: 500 }).map(String)),
  },
  { requiredKeys: [] },
);

const eventArb = (idArb: fc.Arbitrary<string>, slots = SLOTS) =>
  fc.record(
    {
      event_id: idArb,
      event_type: fc.constantFrom(...EVENT_TYPES),
      source: fc.constantFrom('web', 'shop'),
      timestamp: timestampArb(slots),
      metadata: metadataArb,
    },
    { requiredKeys: ['event_id', 'event_type', 'timestamp', 'metadata'] },
  );

// Ids from a small alphabet so that equal timestamps are ordered by id in interesting ways.
const idArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '2', ':'), minLength: 1, maxLength: 4 });

/** A lead's stored log: one event per id, as the event store keeps it. */
const logArb = fc.uniqueArray(eventArb(idArb), { selector: (event) => event.event_id, maxLength: 30, size: 'medium' });

const conditionArb: fc.Arbitrary<RuleCondition> = fc.record({
  field: fc.constantFrom('metadata.url', 'metadata.amount', 'metadata.missing', 'source', 'event_type'),
  op: fc.constantFrom(...CONDITION_OPERATORS.filter((op) => op !== 'regex')),
  value: fc.oneof(
    fc.integer({ min: -50, max: 500 }),
    fc.constantFrom(...URLS, '/pricing', '/careers', 'web', '99'),
    fc.array(fc.oneof(fc.constantFrom(...URLS), fc.integer({ min: 0, max: 500 })), { maxLength: 3 }),
    fc.boolean(),
    fc.constant(undefined),
  ),
});

const ruleArb: fc.Arbitrary<ScoringRule> = fc.record({
  id: fc.string({ unit: fc.constantFrom('r', 's', '1', '2'), minLength: 1, maxLength: 3 }),
  name: fc.constant('generated'),
  kind: fc.constant('engagement' as const),
  event_type: fc.constantFrom(...TYPES_WITH_RULES),
  // Mostly positive, or scores sit at min_score where neither clamping nor decay has anything to do.
  points: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 300 }), weight: 3 }, { arbitrary: fc.integer({ min: -200, max: 0 }), weight: 1 }),
  conditions: fc.oneof({ arbitrary: fc.constant<RuleCondition[]>([]), weight: 1 }, { arbitrary: fc.array(conditionArb, { minLength: 1, maxLength: 2 }), weight: 2 }),
  max_per_lead: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  max_per_period: fc.option(fc.record({ count: fc.integer({ min: 1, max: 3 }), days: fc.integer({ min: 1, max: 4 }) }), { nil: null }),
  active: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
});

// Fit rules read the traits the events' metadata left: the same keys as the engagement conditions, in traits.
const fitRuleArb: fc.Arbitrary<ScoringRule> = fc.record({
  id: fc.string({ unit: fc.constantFrom('f', 'g', '1'), minLength: 1, maxLength: 3 }).map((id) => `fit-${id}`),
  name: fc.constant('generated fit'),
  kind: fc.constant('fit' as const),
  event_type: fc.constant(null),
  points: fc.integer({ min: -30, max: 60 }),
  conditions: fc.array(conditionArb.map((condition) => ({ ...condition, field: condition.field.replace(/^metadata\./, 'traits.') })), { minLength: 1, maxLength: 2 }),
  max_per_lead: fc.constant(null),
  max_per_period: fc.constant(null),
  active: fc.boolean(),
});

const settingsArb: fc.Arbitrary<ScoringSettings> = fc
  .record({
    min_score: fc.integer({ min: -100, max: 50 }),
    range: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
    stage_mins: fc.uniqueArray(fc.integer({ min: -100, max: 500 }), { maxLength: 4 }),
    decay: fc.record({
      enabled: fc.boolean(),
      percent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1200 }).map((tenths) => tenths / 10)),
      period_days: fc.integer({ min: 1, max: 12 }).map((quarters) => quarters / 4),
    }),
  })
  .map(({ min_score, range, stage_mins, decay }) => ({
    min_score,
    max_score: range === null ? null : min_score + range,
    stages: [...stage_mins].sort((a, b) => a - b).map((min, i) => ({ name: `stage-${i}`, min })),
    decay,
    fit: DEFAULT_SETTINGS.fit,
    grades: DEFAULT_SETTINGS.grades,
    accounts: DEFAULT_SETTINGS.accounts,
  }));

const rulesetArb: fc.Arbitrary<Ruleset> = fc.record({
  version: fc.constant(1),
  // Some default rules too: unconditional, they make sure events score often enough to exercise caps and decay.
  rules: fc
    .tuple(fc.subarray([...DEFAULT_RULES]), fc.uniqueArray(ruleArb, { selector: (rule) => rule.id, maxLength: 6 }), fc.uniqueArray(fitRuleArb, { selector: (rule) => rule.id, maxLength: 3 }))
    .map(([defaults, generated, fit]) => [...defaults, ...generated, ...fit]),
  settings: settingsArb,
});

/** How a log reaches the worker: in some order, with some events delivered again, in batches. */
interface Delivery {
  /** Whether events come in event-time order before `priorities` shuffle them: the worker's usual case. */
  mostly_in_order: boolean;
  /** Sort keys of the deliveries: a random permutation; none keeps the order as it is. */
  priorities: number[];
  /** Indexes (modulo the log's length) of events delivered a second time. */
  redeliveries: number[];
  chunk_sizes: number[];
}

const deliveryArb: fc.Arbitrary<Delivery> = fc.record({
  mostly_in_order: fc.boolean(),
  priorities: fc.oneof(fc.constant<number[]>([]), fc.array(fc.nat({ max: 100 }), { maxLength: 40 })),
  redeliveries: fc.array(fc.nat(), { maxLength: 10 }),
  chunk_sizes: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 15 }),
});

function arrivals(log: readonly ScoringEvent[], delivery: Delivery): ScoringEvent[] {
  const base = delivery.mostly_in_order ? inEventTimeOrder(log) : [...log];
  const copies = base.length === 0 ? base : [...base, ...delivery.redeliveries.map((i) => structuredClone(base[i % base.length]))];
  return copies
    .map((event, i) => ({ event, key: delivery.priorities[i] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ event }) => event);
}

/** Cuts events into batches of the given sizes; whatever is left over is the last batch. */
function chunks(events: readonly ScoringEvent[], sizes: readonly number[]): ScoringEvent[][] {
  const batches: ScoringEvent[][] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= events.length) break;
    batches.push(events.slice(start, start + size));
    start += size;
  }
  if (start < events.length) batches.push(events.slice(start));
  return batches;
}

// Written out here rather than taken from the engine, so that the reference does not share its bugs.
function inEventTimeOrder(events: readonly ScoringEvent[]): ScoringEvent[] {
  return [...events].sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0),
  );
}

/** The reference: each id once, in (timestamp, event_id) order, folded one event at a time. */
function foldInOrder(events: readonly ScoringEvent[], ruleset: Ruleset): FoldResult {
  const distinct = [...new Map(events.map((event) => [event.event_id, event])).values()];
  let result: FoldResult = { state: initialLeadState(ruleset.settings), history: [] };
  for (const event of inEventTimeOrder(distinct)) {
    const step = foldEvents(result.state, [event], ruleset);
    result = { state: step.state, history: [...result.history, ...step.history] };
  }
  return result;
}

/**
 * What the scoring worker does with each batch: fold it onto the saved state when every event of it is newer
 * than the last applied one, else re-fold everything received so far and replace the history.
 */
function foldLikeTheWorker(batches: readonly ScoringEvent[][], ruleset: Ruleset): FoldResult {
  const received: ScoringEvent[] = [];
  let result: FoldResult = { state: initialLeadState(ruleset.settings), history: [] };
  for (const batch of batches) {
    received.push(...batch);
    const last = result.state.last_applied;
    if (last === null || batch.every((event) => compareEvents(event, last) > 0)) {
      const step = foldEvents(result.state, batch, ruleset);
      result = { state: step.state, history: [...result.history, ...step.history] };
    } else {
      result = foldEvents(initialLeadState(ruleset.settings), received, ruleset);
    }
  }
  return result;
}

describe('foldEvents properties', () => {
  it('(a) gives the reference state and history whatever the arrival order', () => {
    fc.assert(
      fc.property(logArb, rulesetArb, deliveryArb, (log, ruleset, delivery) => {
        const shuffled = arrivals(log, { ...delivery, redeliveries: [] });
        expect(foldEvents(initialLeadState(ruleset.settings), shuffled, ruleset)).toEqual(foldInOrder(log, ruleset));
      }),
      RUNS,
    );
  });

  it('(a) does not depend on arrival order even when copies of an id differ', () => {
    // Few ids and few instants: copies of an id collide, often at the same instant with different content.
    const collidingLogArb = fc.array(eventArb(fc.constantFrom('a', 'b', 'c'), 2), { maxLength: 12 });
    fc.assert(
      fc.property(collidingLogArb, rulesetArb, deliveryArb, (log, ruleset, delivery) => {
        const shuffled = arrivals(log, { ...delivery, redeliveries: [] });
        const initial = initialLeadState(ruleset.settings);
        expect(foldEvents(initial, shuffled, ruleset)).toEqual(foldEvents(initial, log, ruleset));
      }),
      RUNS,
    );
  });

  it('(b) gives the reference state and history whatever events are delivered again', () => {
    fc.assert(
      fc.property(logArb, rulesetArb, deliveryArb, (log, ruleset, delivery) => {
        const withCopies = arrivals(log, delivery);
        expect(foldEvents(initialLeadState(ruleset.settings), withCopies, ruleset)).toEqual(foldInOrder(log, ruleset));
      }),
      RUNS,
    );
  });

  it('(c) gives the reference state and history when batches are folded the way the worker does', () => {
    fc.assert(
      fc.property(logArb, rulesetArb, deliveryArb, (log, ruleset, delivery) => {
        const batches = chunks(arrivals(log, delivery), delivery.chunk_sizes);
        expect(foldLikeTheWorker(batches, ruleset)).toEqual(foldInOrder(log, ruleset));
      }),
      // More runs: the paths that matter (incremental batches with decay between them) are a fraction of cases.
      { ...RUNS, numRuns: 500 },
    );
  });

  it('(d) keeps the score within [min_score, max_score] and each score_after equal to the running sum of deltas', () => {
    fc.assert(
      fc.property(logArb, rulesetArb, (log, ruleset) => {
        const { min_score, max_score } = ruleset.settings;
        const initial = initialLeadState(ruleset.settings);
        const { state, history } = foldEvents(initial, log, ruleset);
        let running = initial.score;
        for (const entry of history) {
          running += entry.delta;
          expect(entry.score_after).toBe(running);
          expect(entry.score_after).toBeGreaterThanOrEqual(min_score);
          expect(entry.score_after).toBeLessThanOrEqual(max_score ?? Number.POSITIVE_INFINITY);
        }
        expect(state.score).toBe(running);
        expect(isInTimeOrder(history)).toBe(true);
      }),
      RUNS,
    );
  });

  it('(e) with the default rules and no decay, scores min(1000, sum of points)', () => {
    const defaults: Ruleset = { version: 1, rules: [...DEFAULT_RULES], settings: DEFAULT_SETTINGS };
    const pointsOf = new Map(DEFAULT_RULES.map((rule) => [rule.event_type, rule.points]));
    fc.assert(
      fc.property(logArb, deliveryArb, (log, delivery) => {
        const sum = log.reduce((total, event) => total + (pointsOf.get(event.event_type) ?? 0), 0);
        const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), arrivals(log, delivery), defaults);
        expect(state.score).toBe(Math.min(1000, sum));
      }),
      RUNS,
    );
  });

  it('decayUntil(asOf) decays exactly as an event at asOf would, and leaves last_applied where it was', () => {
    fc.assert(
      fc.property(logArb, rulesetArb, fc.integer({ min: 0, max: 2 * SLOTS }), (log, ruleset, slot) => {
        const { state } = foldEvents(initialLeadState(ruleset.settings), log, ruleset);
        const asOf = new Date(BASE_MS + slot * SLOT_MS).toISOString();
        fc.pre(state.last_applied !== null && compareEvents({ timestamp: asOf, event_id: '\uffff' }, state.last_applied) > 0);
        const viewed = decayUntil(state, asOf, ruleset.settings);
        // An event no rule matches changes the score only through the decay before it.
        const probe = foldEvents(state, [{ event_id: '\uffff', event_type: 'NO_RULE', timestamp: asOf, metadata: {} }], ruleset);
        expect(viewed.state).toEqual({ ...state, score: probe.state.score, stage: probe.state.stage, grade: probe.state.grade });
        expect(viewed.history.map(withoutId)).toEqual(probe.history.map(withoutId));
      }),
      RUNS,
    );
  });
});

function isInTimeOrder(history: readonly HistoryEntry[]): boolean {
  return history.every((entry, i) => i === 0 || Date.parse(history[i - 1].timestamp) <= Date.parse(entry.timestamp));
}

function withoutId({ event_id: _id, ...rest }: HistoryEntry): Omit<HistoryEntry, 'event_id'> {
  return rest;
}
