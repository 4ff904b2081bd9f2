import { DEFAULT_RULES, DEFAULT_SETTINGS, Ruleset } from '@lead-scoring/contracts';
import { EventDocument, publicLeadId } from '@lead-scoring/persistence';
import { foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { EMPTY_PROFILE, buildLeadDocument, foldProfile, planFold, planFromPending, scoreStateOf, toScoringEvent } from './lead-document';

const ruleset: Ruleset = { version: 3, rules: [...DEFAULT_RULES], settings: DEFAULT_SETTINGS };

function stored(event_id: string, timestamp: string, extra: Partial<EventDocument> = {}): EventDocument {
  return {
    event_id, key_source: 'client', lead_key: 'a@x.io', event_type: 'PAGE_VIEW', source: 'api',
    timestamp: new Date(timestamp), received_at: new Date(), metadata: {}, state: 'pending', ...extra,
  };
}

describe('lead documents', () => {
  const first = [stored('1', '2026-01-01T00:00:00Z', { name: 'Ann', company: 'x.io', email: 'a@x.io' }), stored('2', '2026-01-02T00:00:00Z')];
  const folded = foldEvents(initialLeadState(DEFAULT_SETTINGS), first.map(toScoringEvent), ruleset);
  const lead = buildLeadDocument('a@x.io', foldProfile(EMPTY_PROFILE, first), folded.state, ruleset, []);

  it('round-trips the engine state through the saved lead', () => {
    expect(lead.lead_id).toBe(publicLeadId('a@x.io'));
    expect(scoreStateOf(lead, ruleset)).toEqual(folded.state);
    expect(lead.rule_tallies).toEqual([{ rule_id: 'default-page-view', count: 2, points: 10 }]);
  });

  it('folds incrementally only events after the last applied one, when every earlier one is accounted for', () => {
    const scored = first.map((event) => ({ ...event, state: 'scored' as const }));
    const later = stored('3', '2026-01-03T00:00:00Z');
    const late = stored('0', '2025-12-31T00:00:00Z');
    expect(planFold(lead, scored, ruleset, false)).toEqual({ kind: 'up-to-date' });
    expect(planFold(lead, [...scored, later], ruleset, false)).toEqual({ kind: 'incremental', events: [later] });
    expect(planFold(lead, [late, ...scored, later], ruleset, false)).toEqual({ kind: 'refold' });
    // Folded by an attempt that died before marking them: history and rollups may be missing, so re-fold.
    expect(planFold(lead, first, ruleset, false)).toEqual({ kind: 'refold' });
    expect(planFold(lead, [...first, later], ruleset, false)).toEqual({ kind: 'refold' });
    expect(planFold(lead, [...scored, later], { ...ruleset, version: 4 }, false)).toEqual({ kind: 'refold' });
    expect(planFold(lead, [...scored, later], ruleset, true)).toEqual({ kind: 'refold' });
    expect(planFold(null, scored, ruleset, false)).toEqual({ kind: 'refold' });
  });

  it('folds from the pending events alone only when they all come after the last applied one', () => {
    const later = stored('3', '2026-01-03T00:00:00Z');
    const late = stored('0', '2025-12-31T00:00:00Z');
    expect(planFromPending(lead, [], ruleset)).toEqual({ kind: 'up-to-date' });
    expect(planFromPending(lead, [later], ruleset)).toEqual({ kind: 'incremental', events: [later] });
    expect(planFromPending(lead, [later, late], ruleset)).toBeNull();
    // The last applied event itself still pending: folded by an attempt that died before marking it.
    expect(planFromPending(lead, [first[1]], ruleset)).toBeNull();
    expect(planFromPending(lead, [later], { ...ruleset, version: 4 })).toBeNull();
    expect(planFromPending(null, [later], ruleset)).toBeNull();
  });

  it('keeps a company the lead was given when a later event only has the email domain as default', () => {
    const profile = foldProfile(EMPTY_PROFILE, [
      stored('a', '2026-01-01T00:00:00Z', { email: 'a@zephyr.io', company: 'zephyr.io' }),
      stored('b', '2026-01-02T00:00:00Z', { email: 'a@zephyr.io', company: 'Zephyr Mobility' }),
      stored('c', '2026-01-03T00:00:00Z', { email: 'a@zephyr.io', company: 'zephyr.io' }),
    ]);
    expect(profile.company).toBe('Zephyr Mobility');
    // Events with only a lead_id are stored with null email and company.
    expect(foldProfile(profile, [stored('d', '2026-01-04T00:00:00Z', { email: null, company: null } as unknown as Partial<EventDocument>)]).company).toBe('Zephyr Mobility');
    expect(foldProfile(EMPTY_PROFILE, [stored('a', '2026-01-01T00:00:00Z', { email: 'a@zephyr.io', company: 'zephyr.io' })]).company).toBe('zephyr.io');
  });

  it('takes the profile from the latest event in event time, keeping earlier values it does not repeat', () => {
    const profile = foldProfile(EMPTY_PROFILE, [
      stored('b', '2026-01-05T00:00:00Z', { name: 'Ann Lee' }),
      stored('a', '2026-01-01T00:00:00Z', { name: 'Ann', company: 'x.io' }),
    ]);
    expect(profile).toEqual({
      email: null, name: 'Ann Lee', company: 'x.io',
      first_event_at: new Date('2026-01-01T00:00:00Z'), last_event_at: new Date('2026-01-05T00:00:00Z'),
    });
  });
});
