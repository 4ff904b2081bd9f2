import { DEFAULT_RULES, DEFAULT_SETTINGS, Ruleset, ScoringRule } from '@lead-scoring/contracts';
import { OutOfOrderError, ScoringEvent, compareEvents, foldEvents, initialLeadState } from './lead-fold';

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
      { event_id: 'e1', event_type: 'PURCHASE', timestamp: '2026-01-10T11:33:22.553Z', delta: 100, score_after: 100, stage_after: 'hot', rule_ids: ['default-purchase'] },
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
    const pricing: ScoringRule = { id: 'pricing', name: 'Pricing page', event_type: 'PAGE_VIEW', points: 30, conditions: [{ field: 'metadata.url', op: 'contains', value: '/pricing' }], max_per_lead: 1, active: true };
    const careers: ScoringRule = { id: 'careers', name: 'Job seeker', event_type: 'PAGE_VIEW', points: -10, conditions: [{ field: 'metadata.url', op: 'starts_with', value: '/careers' }], max_per_lead: null, active: true };
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
    const penalty: ScoringRule = { id: 'unsub', name: 'Unsubscribed', event_type: 'UNSUBSCRIBE', points: -50, conditions: [], max_per_lead: null, active: true };
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
});

describe('compareEvents', () => {
  it('orders by instant, not by the text of the timestamp, then by event id', () => {
    expect(compareEvents({ timestamp: '2026-01-01T01:00:00+01:00', event_id: 'b' }, { timestamp: '2026-01-01T00:00:00Z', event_id: 'a' })).toBeGreaterThan(0);
    expect(compareEvents({ timestamp: '2026-01-01T00:00:00Z', event_id: 'a' }, { timestamp: '2026-01-01T00:00:00.000Z', event_id: 'b' })).toBeLessThan(0);
  });
});
