import { DEFAULT_RULES, DEFAULT_SETTINGS, HistoryEntry, Ruleset, ScoringRule, ScoringSettings } from '@lead-scoring/contracts';
import { decayUntil } from './decay';
import { MAX_TRAITS_PER_LEAD, MAX_TRAIT_CHARS, OutOfOrderError, foldEvents } from './lead-fold';
import { ScoringEvent, compareEvents, initialLeadState } from './lead-state';

const defaults: Ruleset = { version: 1, rules: [...DEFAULT_RULES], settings: DEFAULT_SETTINGS };

function event(event_id: string, event_type: string, timestamp: string, metadata: Record<string, unknown> = {}): ScoringEvent {
  return { event_id, event_type, timestamp, metadata };
}

describe('foldEvents', () => {
  it('scores a purchase at 100 and moves the lead to the hot stage with the default rules', () => {
    const { state, history } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [event('e1', 'PURCHASE', '2026-01-10T11:33:22.553Z')], defaults);
    expect(state.score).toBe(100);
    expect(state.stage).toBe('hot');
    expect(history).toEqual([
      { event_id: 'e1', event_type: 'PURCHASE', timestamp: '2026-01-10T11:33:22.553Z', delta: 100, score_after: 100, stage_after: 'hot', rule_ids: ['default-purchase'], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
    ]);
  });

  it('applies events in (timestamp, event_id) order whatever order they are given in', () => {
    const events = [
      event('b', 'PAGE_VIEW', '2026-01-02T00:00:00Z'),
      event('a', 'EMAIL_OPEN', '2026-01-02T00:00:00Z'),
      event('c', 'DEMO_REQUEST', '2026-01-01T00:00:00Z'),
    ];
    const { history } = foldEvents(initialLeadState(DEFAULT_SETTINGS), events, defaults);
    expect(history.map((entry) => entry.event_id)).toEqual(['c', 'a', 'b']);
    expect(history.map((entry) => entry.score_after)).toEqual([50, 60, 65]);
  });

  it('caps the score at max_score and leaves no history entry for an event that changes nothing', () => {
    const purchases = Array.from({ length: 12 }, (_, i) => event(`p${String(i).padStart(2, '0')}`, 'PURCHASE', `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`));
    const { state, history } = foldEvents(initialLeadState(DEFAULT_SETTINGS), purchases, defaults);
    expect(state.score).toBe(1000);
    expect(history).toHaveLength(10);
    expect(state.rule_points['default-purchase']).toBe(1200);
  });

  it('adds the points of several matching rules, honours conditions, negative points and max_per_lead', () => {
    const pricing: ScoringRule = { id: 'pricing', name: 'Pricing page', kind: 'engagement', event_type: 'PAGE_VIEW', points: 30, conditions: [{ field: 'metadata.url', op: 'contains', value: '/pricing' }], max_per_lead: 1, max_per_period: null, active: true };
    const careers: ScoringRule = { id: 'careers', name: 'Job seeker', kind: 'engagement', event_type: 'PAGE_VIEW', points: -10, conditions: [{ field: 'metadata.url', op: 'starts_with', value: '/careers' }], max_per_lead: null, max_per_period: null, active: true };
    const ruleset: Ruleset = { ...defaults, rules: [...DEFAULT_RULES, pricing, careers] };
    const { state, history } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [
      event('1', 'PAGE_VIEW', '2026-01-01T00:00:01Z', { url: '/pricing' }),
      event('2', 'PAGE_VIEW', '2026-01-01T00:00:02Z', { url: '/pricing' }),
      event('3', 'PAGE_VIEW', '2026-01-01T00:00:03Z', { url: '/careers/dev' }),
    ], ruleset);
    expect(history.map((entry) => entry.delta)).toEqual([35, 5, -5]);
    expect(history[0].rule_ids).toEqual(['default-page-view', 'pricing']);
    expect(state.score).toBe(35);
    expect(state.rule_counts).toEqual({ 'default-page-view': 3, pricing: 1, careers: 1 });
  });

  it('never goes below min_score', () => {
    const penalty: ScoringRule = { id: 'unsub', name: 'Unsubscribed', kind: 'engagement', event_type: 'UNSUBSCRIBE', points: -50, conditions: [], max_per_lead: null, max_per_period: null, active: true };
    const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [event('1', 'UNSUBSCRIBE', '2026-01-01T00:00:00Z')], { ...defaults, rules: [penalty] });
    expect(state.score).toBe(0);
  });

  it('gives the same state folding in chunks as in one go, and refuses an event older than the last applied', () => {
    const events = [
      event('1', 'EMAIL_OPEN', '2026-01-01T00:00:01Z'),
      event('2', 'FORM_SUBMISSION', '2026-01-01T00:00:02Z'),
      event('3', 'PURCHASE', '2026-01-01T00:00:03Z'),
    ];
    const whole = foldEvents(initialLeadState(DEFAULT_SETTINGS), events, defaults);
    const first = foldEvents(initialLeadState(DEFAULT_SETTINGS), events.slice(0, 2), defaults);
    const second = foldEvents(first.state, events.slice(2), defaults);
    expect(second.state).toEqual(whole.state);
    expect([...first.history, ...second.history]).toEqual(whole.history);
    expect(() => foldEvents(second.state, [events[0]], defaults)).toThrow(OutOfOrderError);
  });
  it('counts an event_id given more than once as one event, as if it had been given once', () => {
    const open = event('1', 'EMAIL_OPEN', '2026-01-01T00:00:01Z');
    const purchase = event('2', 'PURCHASE', '2026-01-01T00:00:02Z');
    const once = foldEvents(initialLeadState(DEFAULT_SETTINGS), [open, purchase], defaults);
    const redelivered = foldEvents(initialLeadState(DEFAULT_SETTINGS), [purchase, open, { ...purchase }, { ...open }, open], defaults);
    expect(redelivered).toEqual(once);
    expect(redelivered.state.event_count).toBe(2);
  });

  it('keeps the same copy of a re-delivered event whatever the arrival order, should the copies differ', () => {
    const pricing = event('1', 'PAGE_VIEW', '2026-01-01T00:00:01Z', { url: '/pricing' });
    const blog = event('1', 'PAGE_VIEW', '2026-01-01T00:00:01Z', { url: '/blog' });
    const rules: ScoringRule[] = [{ id: 'pricing', name: 'Pricing', kind: 'engagement', event_type: 'PAGE_VIEW', points: 30, conditions: [{ field: 'metadata.url', op: 'eq', value: '/pricing' }], max_per_lead: null, max_per_period: null, active: true }];
    const ruleset: Ruleset = { ...defaults, rules };
    expect(foldEvents(initialLeadState(DEFAULT_SETTINGS), [pricing, blog], ruleset)).toEqual(foldEvents(initialLeadState(DEFAULT_SETTINGS), [blog, pricing], ruleset));
  });
});

describe('decay while folding', () => {
  const decaying: ScoringSettings = { ...DEFAULT_SETTINGS, decay: { enabled: true, percent: 10, period_days: 30 } };
  const withDecay: Ruleset = { ...defaults, settings: decaying };
  const start = '2026-01-01T00:00:00.000Z';
  const daysLater = (days: number) => new Date(Date.parse(start) + days * 86_400_000).toISOString();
  const fold = (events: ScoringEvent[], ruleset: Ruleset = withDecay) => foldEvents(initialLeadState(ruleset.settings), events, ruleset);
  const decayEntries = (history: HistoryEntry[]) => history.filter((entry) => entry.event_type === 'DECAY');

  it('does nothing before a full period of inactivity has passed', () => {
    const { state, history } = fold([event('p', 'PURCHASE', start), event('v', 'PAGE_VIEW', new Date(Date.parse(daysLater(30)) - 1).toISOString())]);
    expect(state.score).toBe(105);
    expect(decayEntries(history)).toEqual([]);
  });

  it('takes percent% off after one full period, before the next event, and shows the stage drop in the history', () => {
    const { state, history } = fold([event('p', 'PURCHASE', start), event('o', 'EMAIL_OPEN', daysLater(30))]);
    expect(history).toEqual([
      { event_id: 'p', event_type: 'PURCHASE', timestamp: start, delta: 100, score_after: 100, stage_after: 'hot', rule_ids: ['default-purchase'], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
      { event_id: 'decay:o:1', event_type: 'DECAY', timestamp: daysLater(30), delta: -10, score_after: 90, stage_after: 'warm', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
      { event_id: 'o', event_type: 'EMAIL_OPEN', timestamp: daysLater(30), delta: 10, score_after: 100, stage_after: 'hot', rule_ids: ['default-email-open'], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
    ]);
    expect(state.score).toBe(100);
  });

  it('compounds over several periods, rounding each step to the nearest integer, and ignores the partial period', () => {
    // 105 -> 105 - round(10.5) = 94 -> 94 - round(9.4) = 85 -> 85 - round(8.5) = 76; the 5 days after day 90 do not count.
    const { history } = fold([event('p', 'PURCHASE', start), event('v', 'PAGE_VIEW', start), event('u', 'UNKNOWN', daysLater(95))]);
    expect(decayEntries(history)).toEqual([
      { event_id: 'decay:u:1', event_type: 'DECAY', timestamp: daysLater(30), delta: -11, score_after: 94, stage_after: 'warm', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
      { event_id: 'decay:u:2', event_type: 'DECAY', timestamp: daysLater(60), delta: -9, score_after: 85, stage_after: 'warm', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
      { event_id: 'decay:u:3', event_type: 'DECAY', timestamp: daysLater(90), delta: -9, score_after: 76, stage_after: 'warm', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
    ]);
  });

  it('never decays below min_score, and stops leaving entries once a period changes nothing', () => {
    const settings: ScoringSettings = { ...decaying, min_score: 20, decay: { enabled: true, percent: 50, period_days: 1 } };
    // Starts at min_score 20; 20 + 100 = 120 -> 60 -> 30 -> max(20, 15) = 20, then nothing for the other 7 days.
    const { state, history } = fold([event('p', 'PURCHASE', start), event('u', 'UNKNOWN', daysLater(10))], { ...withDecay, settings });
    expect(decayEntries(history).map((entry) => entry.score_after)).toEqual([60, 30, 20]);
    expect(state.score).toBe(20);
  });

  it('moves a negative score towards zero, since it loses percent% of itself', () => {
    const penalty: ScoringRule = { id: 'unsub', name: 'Unsubscribed', kind: 'engagement', event_type: 'UNSUBSCRIBE', points: -50, conditions: [], max_per_lead: null, max_per_period: null, active: true };
    const settings: ScoringSettings = { ...decaying, min_score: -100 };
    const { state } = fold([event('x', 'UNSUBSCRIBE', start), event('u', 'UNKNOWN', daysLater(30))], { ...withDecay, rules: [penalty], settings });
    expect(state.score).toBe(-45);
  });

  it('changes nothing when disabled, or when percent or period_days leave nothing to decay', () => {
    const events = [event('p', 'PURCHASE', start), event('u', 'UNKNOWN', daysLater(3650))];
    const undecayed = fold(events, defaults);
    expect(undecayed.state.score).toBe(100);
    expect(decayEntries(undecayed.history)).toEqual([]);
    for (const decay of [{ enabled: true, percent: 0, period_days: 30 }, { enabled: true, percent: 10, period_days: 0 }]) {
      expect(fold(events, { ...withDecay, settings: { ...decaying, decay } })).toEqual(undecayed);
    }
  });

  it('decays an incremental fold exactly as a full fold, from the last applied event kept in the state', () => {
    const events = [event('p', 'PURCHASE', start), event('d', 'DEMO_REQUEST', daysLater(45)), event('o', 'EMAIL_OPEN', daysLater(200))];
    const whole = fold(events);
    const first = fold(events.slice(0, 1));
    const rest = foldEvents(first.state, events.slice(1), withDecay);
    expect(rest.state).toEqual(whole.state);
    expect([...first.history, ...rest.history]).toEqual(whole.history);
  });
});

describe('decayUntil', () => {
  const decaying: ScoringSettings = { ...DEFAULT_SETTINGS, decay: { enabled: true, percent: 10, period_days: 30 } };
  const purchased = foldEvents(initialLeadState(decaying), [event('p', 'PURCHASE', '2026-01-01T00:00:00.000Z')], { ...defaults, settings: decaying }).state;

  it('decays from the last applied event up to asOf without moving last_applied or touching the given state', () => {
    const before = structuredClone(purchased);
    const { state, history } = decayUntil(purchased, '2026-03-07T00:00:00.000Z', decaying); // 65 days: two full periods
    expect(state).toEqual({ ...purchased, score: 81, stage: 'warm' });
    expect(history).toEqual([
      { event_id: 'decay:as-of:2026-03-07T00:00:00.000Z:1', event_type: 'DECAY', timestamp: '2026-01-31T00:00:00.000Z', delta: -10, score_after: 90, stage_after: 'warm', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
      { event_id: 'decay:as-of:2026-03-07T00:00:00.000Z:2', event_type: 'DECAY', timestamp: '2026-03-02T00:00:00.000Z', delta: -9, score_after: 81, stage_after: 'warm', rule_ids: [], fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C2' },
    ]);
    expect(purchased).toEqual(before);
  });

  it('changes nothing when decay is off, before a full period, for a lead without events, or for an asOf in the past', () => {
    expect(decayUntil(purchased, '2027-01-01T00:00:00.000Z', DEFAULT_SETTINGS)).toEqual({ state: purchased, history: [] });
    expect(decayUntil(purchased, '2026-01-30T23:59:59.999Z', decaying)).toEqual({ state: purchased, history: [] });
    expect(decayUntil(purchased, '2025-01-01T00:00:00.000Z', decaying)).toEqual({ state: purchased, history: [] });
    const fresh = initialLeadState(decaying);
    expect(decayUntil(fresh, '2027-01-01T00:00:00.000Z', decaying)).toEqual({ state: fresh, history: [] });
  });

  it('refuses an asOf that is not a timestamp rather than silently showing no decay', () => {
    expect(() => decayUntil(purchased, 'yesterday', decaying)).toThrow(RangeError);
  });
});

describe('compareEvents', () => {
  it('orders by instant, not by the text of the timestamp, then by event id', () => {
    expect(compareEvents({ timestamp: '2026-01-01T01:00:00+01:00', event_id: 'b' }, { timestamp: '2026-01-01T00:00:00Z', event_id: 'a' })).toBeGreaterThan(0);
    expect(compareEvents({ timestamp: '2026-01-01T00:00:00Z', event_id: 'a' }, { timestamp: '2026-01-01T00:00:00.000Z', event_id: 'b' })).toBeLessThan(0);
  });
});

describe('fit, grades and frequency caps', () => {
  const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString();
  const identify = (id: string, hours: number, traits: Record<string, unknown>) => ({ event_id: id, event_type: 'IDENTIFY', timestamp: at(hours), metadata: { email: 'ann@acme.io', ...traits } });

  it('scores fit from the latest traits in event time, with a history entry per change and the grade', () => {
    const events = [
      identify('i1', 1, { seniority: 'vp', company_size: 500 }),
      { event_id: 'p1', event_type: 'PURCHASE', timestamp: at(2), metadata: { email: 'ann@acme.io' } },
      identify('i2', 3, { seniority: 'intern' }),
      // Older than i2: its seniority is overridden by i2 whatever the arrival order.
      identify('i0', 0, { seniority: 'c-level', industry: 'software' }),
    ];
    const { state, history } = foldEvents(initialLeadState(DEFAULT_SETTINGS), events, defaults);
    expect(state.traits).toMatchObject({ seniority: 'intern', company_size: 500, industry: 'software', email_domain: 'acme.io' });
    expect(state.fit_score).toBe(40);
    expect(state.fit_rule_ids).toEqual(['default-fit-company-size', 'default-fit-industry']);
    expect(state.score).toBe(100);
    expect(state.grade).toBe('B2');
    expect(history.map((entry) => [entry.event_id, entry.delta, entry.fit_delta, entry.fit_after, entry.grade_after])).toEqual([
      ['i0', 0, 50, 50, 'B3'],
      ['i1', 0, 20, 70, 'A3'],
      ['p1', 100, 0, 70, 'A2'],
      ['i2', 0, -30, 40, 'B2'],
    ]);
  });

  it('keeps at most MAX_TRAITS_PER_LEAD traits, the first keys in event time, each still taking newer values', () => {
    // Each event names 40 keys of its own: the cap is reached half-way through the third.
    const events = Array.from({ length: 6 }, (_, e) => identify(`k${e}`, e, Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`key_${e}_${k}`, e]))));
    const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [...events, identify('late', 10, { key_0_0: 'newer', seniority: 'vp' })], defaults);
    expect(Object.keys(state.traits)).toHaveLength(MAX_TRAITS_PER_LEAD);
    // email_domain and email (first event), then 40 + 40 + 18 keys of the first three events.
    expect(state.traits).toMatchObject({ email: 'ann@acme.io', email_domain: 'acme.io', key_0_0: 'newer', key_1_39: 1, key_2_17: 2 });
    expect(state.traits).not.toHaveProperty('key_2_18');
    expect(state.traits).not.toHaveProperty('key_5_0');
    expect(state.traits).not.toHaveProperty('seniority');
    // The same events in any arrival order keep the same traits.
    expect(foldEvents(initialLeadState(DEFAULT_SETTINGS), [...events].reverse(), defaults).state.traits).toEqual(foldEvents(initialLeadState(DEFAULT_SETTINGS), events, defaults).state.traits);
  });

  it("takes email_domain from the email, over a metadata key of that name, which counts only without an email", () => {
    const withEmail = foldEvents(initialLeadState(DEFAULT_SETTINGS), [identify('i1', 1, { email_domain: 'spoof.io' })], defaults);
    expect(withEmail.state.traits.email_domain).toBe('acme.io');
    const withoutEmail = foldEvents(initialLeadState(DEFAULT_SETTINGS), [{ event_id: 'i1', event_type: 'IDENTIFY', timestamp: at(1), metadata: { email_domain: 'given.io' } }], defaults);
    expect(withoutEmail.state.traits.email_domain).toBe('given.io');
  });

  it('ignores a trait value longer than MAX_TRAIT_CHARS as JSON, string or not, keeping the earlier value', () => {
    const long = 'x'.repeat(MAX_TRAIT_CHARS + 1);
    const events = [
      identify('i1', 1, { title: 'VP Sales', tags: ['a'], size: 10 }),
      // ['x…x'] with 1,021 x: 1,025 characters of JSON.
      identify('i2', 2, { title: long, tags: [long.slice(4)], size: 20, bio: long, edge: 'y'.repeat(MAX_TRAIT_CHARS) }),
    ];
    const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), events, defaults);
    expect(state.traits).toMatchObject({ title: 'VP Sales', tags: ['a'], size: 20, edge: 'y'.repeat(MAX_TRAIT_CHARS) });
    expect(state.traits).not.toHaveProperty('bio');
  });

  it("takes keys that name an object's own properties as plain traits", () => {
    // As JSON.parse gives it: "__proto__" an own key, as a request body can have it.
    const metadata = JSON.parse('{"constructor": "a", "toString": "b", "hasOwnProperty": "c", "__proto__": {"polluted": true}}');
    const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [identify('i1', 1, metadata)], defaults);
    expect(state.traits).toMatchObject({ constructor: 'a', toString: 'b', hasOwnProperty: 'c' });
    expect(Object.getPrototypeOf(state.traits)).toBe(Object.prototype);
    expect((state.traits as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('gives an IDENTIFY event no engagement points, even with a rule of that type', () => {
    const identifyRule: ScoringRule = { id: 'r-id', name: 'identify', kind: 'engagement', event_type: 'IDENTIFY', points: 50, conditions: [], max_per_lead: null, max_per_period: null, active: true };
    const { state } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [identify('i1', 1, { country: 'US' })], { ...defaults, rules: [...DEFAULT_RULES, identifyRule] });
    expect(state.score).toBe(0);
    expect(state.fit_score).toBe(10);
  });

  it('clamps fit to settings.fit', () => {
    const settings: ScoringSettings = { ...DEFAULT_SETTINGS, fit: { min: 0, max: 45 } };
    const { state } = foldEvents(initialLeadState(settings), [identify('i1', 1, { seniority: 'vp', company_size: 900, industry: 'fintech' })], { ...defaults, settings });
    expect(state.fit_score).toBe(45);
  });

  it('caps a rule at count matches in any window of days, in event time', () => {
    const capped: ScoringRule = { id: 'open', name: 'open', kind: 'engagement', event_type: 'EMAIL_OPEN', points: 10, conditions: [], max_per_lead: null, max_per_period: { count: 2, days: 1 }, active: true };
    const ruleset: Ruleset = { ...defaults, rules: [capped] };
    const opens = [0, 1, 2, 23, 25, 26, 48].map((hours, i) => ({ event_id: `o${i}`, event_type: 'EMAIL_OPEN', timestamp: at(hours), metadata: {} }));
    const { state, history } = foldEvents(initialLeadState(DEFAULT_SETTINGS), [...opens].reverse(), ruleset);
    // Hours 0 and 1 count; 2 and 23 have both within the day before them; at 25 both have left it (a match exactly a
    // day old has left); 26 has only 25; 48 has 25 and 26.
    expect(history.filter((entry) => entry.delta > 0).map((entry) => entry.event_id)).toEqual(['o0', 'o1', 'o4', 'o5']);
    expect(state.rule_counts).toEqual({ open: 4 });
  });
});

