import { DEFAULT_RULES, DEFAULT_SETTINGS, Ruleset } from '@lead-scoring/contracts';
import { model } from 'mongoose';
import { ALL_EVENT_TYPES, EventDocument, LeadSchema, MAX_EVENT_TYPES_PER_LEAD, publicLeadId } from '@lead-scoring/persistence';
import { foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { FoldDigests, extendHistoryDigest } from './fold-digest';
import { EMPTY_PROFILE, INBOX_GRACE_MS, buildLeadDocument, foldProfile, foldableLog, isCurrent, liveFoldDigests, planFold, planFromPending, resentSoonAfterStoring, sameFold, scoreStateOf, toScoringEvent } from './lead-document';

const ruleset: Ruleset = { version: 3, rules: [...DEFAULT_RULES], settings: DEFAULT_SETTINGS };
const digests = new FoldDigests(ruleset);
/** The same rules and a new one for a type these leads never had: a later version under which their folds stand. */
const unrelatedChange = new FoldDigests({ ...ruleset, version: 4, rules: [...ruleset.rules, { ...ruleset.rules[0], id: 'webinar', event_type: 'WEBINAR' }] });
/** The page-view rule worth more: their folds no longer stand. */
const relatedChange = new FoldDigests({ ...ruleset, version: 5, rules: ruleset.rules.map((rule) => (rule.event_type === 'PAGE_VIEW' ? { ...rule, points: 7 } : rule)) });

function stored(event_id: string, timestamp: string, extra: Partial<EventDocument> = {}): EventDocument {
  return {
    event_id, key_source: 'client', lead_key: 'a@x.io', event_type: 'PAGE_VIEW', source: 'api',
    timestamp: new Date(timestamp), received_at: new Date(), metadata: {}, state: 'pending', ...extra,
  };
}

describe('lead documents', () => {
  const first = [stored('1', '2026-01-01T00:00:00Z', { name: 'Ann', company: 'x.io', email: 'a@x.io' }), stored('2', '2026-01-02T00:00:00Z')];
  const folded = foldEvents(initialLeadState(DEFAULT_SETTINGS), first.map(toScoringEvent), ruleset);
  const lead = buildLeadDocument('a@x.io', foldProfile(EMPTY_PROFILE, first), folded.state, digests, [], extendHistoryDigest(null, folded.history), [], false);

  it('round-trips the engine state through the saved lead', () => {
    expect(lead.lead_id).toBe(publicLeadId('a@x.io'));
    expect(scoreStateOf(lead, ruleset)).toEqual(folded.state);
    expect(lead.rule_tallies).toEqual([{ rule_id: 'default-page-view', count: 2, points: 10 }]);
  });

  it('folds incrementally only events after the last applied one, when every earlier one is accounted for', () => {
    const scored = first.map((event) => ({ ...event, state: 'scored' as const }));
    const later = stored('3', '2026-01-03T00:00:00Z');
    const late = stored('0', '2025-12-31T00:00:00Z');
    expect(planFold(lead, scored, digests, false)).toEqual({ kind: 'up-to-date' });
    expect(planFold(lead, [...scored, later], digests, false)).toEqual({ kind: 'incremental', events: [later] });
    expect(planFold(lead, [late, ...scored, later], digests, false)).toEqual({ kind: 'refold' });
    // Folded by an attempt that died before marking them: history and rollups may be missing, so re-fold.
    expect(planFold(lead, first, digests, false)).toEqual({ kind: 'refold' });
    expect(planFold(lead, [...first, later], digests, false)).toEqual({ kind: 'refold' });
    expect(planFold(lead, [...scored, later], relatedChange, false)).toEqual({ kind: 'refold' });
    expect(planFold(lead, [...scored, later], unrelatedChange, false)).toEqual({ kind: 'incremental', events: [later] });
    expect(planFold(lead, [...scored, later], digests, true)).toEqual({ kind: 'refold' });
    expect(planFold(null, scored, digests, false)).toEqual({ kind: 'refold' });
  });

  it('folds from the pending events alone only when they all come after the last applied one', () => {
    const later = stored('3', '2026-01-03T00:00:00Z');
    const late = stored('0', '2025-12-31T00:00:00Z');
    expect(planFromPending(lead, [], digests)).toEqual({ kind: 'up-to-date' });
    expect(planFromPending(lead, [later], digests)).toEqual({ kind: 'incremental', events: [later] });
    expect(planFromPending(lead, [later, late], digests)).toBeNull();
    // The last applied event itself still pending: folded by an attempt that died before marking it.
    expect(planFromPending(lead, [first[1]], digests)).toBeNull();
    expect(planFromPending(lead, [later], relatedChange)).toBeNull();
    expect(planFromPending(lead, [later], unrelatedChange)).toEqual({ kind: 'incremental', events: [later] });
    expect(planFromPending(null, [later], digests)).toBeNull();
  });

  it('keeps a fold current under rule changes for other event types only, and under no settings change', () => {
    expect(lead.event_types).toEqual(['PAGE_VIEW']);
    expect(isCurrent(lead, digests)).toBe(true);
    expect(isCurrent(lead, unrelatedChange)).toBe(true);
    expect(isCurrent(lead, relatedChange)).toBe(false);
    const inactive = ruleset.rules.map((rule) => (rule.event_type === 'PAGE_VIEW' ? { ...rule, active: false } : rule));
    expect(isCurrent(lead, new FoldDigests({ ...ruleset, rules: inactive }))).toBe(false);
    expect(isCurrent(lead, new FoldDigests({ ...ruleset, settings: { ...ruleset.settings, max_score: 999 } }))).toBe(false);
    // Folded before digests existed: never current.
    expect(isCurrent({ ...lead, rules_digest: null }, digests)).toBe(false);
  });

  it('sees a re-fold that gives back the saved lead, and one that does not', () => {
    const refolded = foldEvents(initialLeadState(DEFAULT_SETTINGS), first.map(toScoringEvent), relatedChange.ruleset);
    const same = buildLeadDocument('a@x.io', foldProfile(EMPTY_PROFILE, first), folded.state, unrelatedChange, [], extendHistoryDigest(null, folded.history), [], false);
    const changed = buildLeadDocument('a@x.io', foldProfile(EMPTY_PROFILE, first), refolded.state, relatedChange, [], extendHistoryDigest(null, refolded.history), [], false);
    expect(sameFold(lead, same)).toBe(true);
    expect(sameFold(lead, changed)).toBe(false);
    expect(sameFold(null, same)).toBe(false);
    // Marked behind: rewritten, to lose the mark, even when its fold comes out the same.
    expect(sameFold({ ...lead, behind: true }, same)).toBe(false);
    expect('behind' in same).toBe(false);
    // Folding in two steps extends the history digest to the one of folding at once.
    const step = foldEvents(initialLeadState(DEFAULT_SETTINGS), [toScoringEvent(first[0])], ruleset);
    const rest = foldEvents(step.state, [toScoringEvent(first[1])], ruleset);
    expect(extendHistoryDigest(extendHistoryDigest(null, step.history), rest.history)).toBe(lead.history_digest);
  });

  it('folds live events under the previous ruleset only for a lead still folded under it, while the current one re-scores', () => {
    // `lead` is folded under `digests`; `relatedChange` is the current ruleset, whose re-score has not reached it.
    expect(liveFoldDigests(lead, { current: relatedChange, previous: digests })).toBe(digests);
    // Re-score done (no previous offered), or the lead already re-folded, or folded under neither: the current one.
    expect(liveFoldDigests(lead, { current: relatedChange, previous: null })).toBe(relatedChange);
    expect(liveFoldDigests(lead, { current: unrelatedChange, previous: digests })).toBe(unrelatedChange);
    expect(liveFoldDigests(lead, { current: relatedChange, previous: new FoldDigests({ ...ruleset, settings: { ...ruleset.settings, max_score: 999 } }) })).toBe(relatedChange);
    expect(liveFoldDigests(null, { current: relatedChange, previous: digests })).toBe(relatedChange);
    const later = foldEvents(folded.state, [toScoringEvent(stored('3', '2026-01-03T00:00:00Z'))], ruleset);
    const behind = buildLeadDocument('a@x.io', foldProfile(EMPTY_PROFILE, first), later.state, digests, [], extendHistoryDigest(lead.history_digest, later.history), [], true);
    expect(behind).toMatchObject({ behind: true, rules_digest: lead.rules_digest, score: lead.score + 5 });
    expect(isCurrent(behind, digests)).toBe(true);
  });

  it('folds from the log every event but recent ones after the last applied one whose inbox copy is still on its way', () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    const receivedAt = (msAgo: number) => ({ received_at: new Date(now - msAgo) });
    const older = stored('1', '2026-01-01T00:00:00Z', receivedAt(INBOX_GRACE_MS * 2));
    const lastApplied = stored('2', '2026-01-02T00:00:00Z', receivedAt(1000));
    const copied = stored('3', '2026-01-03T00:00:00Z', receivedAt(1000));
    const inFlight = stored('4', '2026-01-04T00:00:00Z', receivedAt(1000));
    const orphan = stored('5', '2026-01-05T00:00:00Z', receivedAt(INBOX_GRACE_MS + 1));
    const lateInFlight = stored('0', '2025-12-31T00:00:00Z', receivedAt(1000));
    const { log, held } = foldableLog([older, lastApplied, copied, inFlight, orphan, lateInFlight], new Set(['3']), new Set(), lead, now);
    expect([...held]).toEqual(['4']);
    expect(log.map((event) => [event.event_id, event.state])).toEqual([['1', 'scored'], ['2', 'scored'], ['3', 'pending'], ['5', 'scored'], ['0', 'scored']]);
    // A lead never saved: every recent event without a copy waits for it.
    expect([...foldableLog([copied, inFlight, orphan], new Set(['3']), new Set(), null, now).held]).toEqual(['4']);
    // Unless a re-send left a recheck marker for it: its copy is not coming.
    expect(foldableLog([copied, inFlight, orphan], new Set(['3']), new Set(['4']), lead, now)).toEqual({
      log: [{ ...copied, state: 'pending' }, { ...inFlight, state: 'scored' }, { ...orphan, state: 'scored' }],
      held: new Set(),
    });
    expect(foldableLog([inFlight], new Set(), new Set(['4']), null, now).held.size).toBe(0);
  });

  it('takes a re-send soon after an event was stored, not remembered as folded from its copy, as one after a failure', () => {
    const storedAt = Date.parse('2026-02-01T00:00:00Z');
    const event = stored('7', '2026-01-07T00:00:00Z', { received_at: new Date(storedAt) });
    const marker = (msAfter: number) => ({ _id: '7', lead_key: 'a@x.io', partition: 0, received_at: new Date(storedAt + msAfter) });
    const copy = { ...marker(1000), event };
    const nothingRemembered = new Set<string>();
    expect(resentSoonAfterStoring([marker(1000)], [event], nothingRemembered)).toBe(true);
    expect(resentSoonAfterStoring([marker(INBOX_GRACE_MS - 1)], [event], nothingRemembered)).toBe(true);
    // A plain duplicate: sent again long after, or this process folded and counted its copy.
    expect(resentSoonAfterStoring([marker(INBOX_GRACE_MS)], [event], nothingRemembered)).toBe(false);
    expect(resentSoonAfterStoring([marker(1000)], [event], new Set(['7']))).toBe(false);
    // No marker, or a marker for an event not in the log read.
    expect(resentSoonAfterStoring([copy], [event], nothingRemembered)).toBe(false);
    expect(resentSoonAfterStoring([{ ...marker(1000), _id: '8' }], [event], nothingRemembered)).toBe(false);
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
      first_event_at: new Date('2026-01-01T00:00:00Z'), last_event_at: new Date('2026-01-05T00:00:00Z'), event_types: ['PAGE_VIEW'],
    });
  });

  it('lists a lead\'s event types up to MAX_EVENT_TYPES_PER_LEAD, and past them only that it has every type, for good', () => {
    const typed = (n: number) => Array.from({ length: n }, (_, i) => stored(`t${i}`, '2026-01-01T00:00:00Z', { event_type: `TYPE_${String(i).padStart(4, '0')}` }));
    expect(foldProfile(EMPTY_PROFILE, typed(MAX_EVENT_TYPES_PER_LEAD)).event_types).toHaveLength(MAX_EVENT_TYPES_PER_LEAD);
    const overflowing = foldProfile(EMPTY_PROFILE, typed(MAX_EVENT_TYPES_PER_LEAD + 1));
    expect(overflowing.event_types).toEqual([ALL_EVENT_TYPES]);
    expect(foldProfile(overflowing, [stored('x', '2026-01-02T00:00:00Z')]).event_types).toEqual([ALL_EVENT_TYPES]);
  });

  it('needs no casting to be stored: Mongoose casting a built lead gives it back unchanged', () => {
    // LeadRepository writes the built documents as they are; a field built in another type than its schema's, or
    // left out where the schema has a default, would be stored unlike a cast document.
    const LeadModel = model('LeadCastCheck', LeadSchema);
    const metadata = {
      email: 'b@y.io', name: 'Bé', company: 'Ÿ Corp', amount: 1e308, refund: -0.5, flag: true, none: null,
      nested: { list: [1, 'two', { three: null }], deeper: { 'ünï': 'çødé' } }, 'a.b': 'dotted', $price: 3, '': 'empty key',
    };
    const events = [stored('1', '2026-01-01T00:00:00Z', { lead_key: 'b@y.io', email: 'b@y.io', metadata }), stored('2', '2026-01-02T00:00:00Z', { lead_key: 'b@y.io', event_type: 'DEMO_REQUEST' })];
    const state = foldEvents(initialLeadState(DEFAULT_SETTINGS), events.map(toScoringEvent), ruleset);
    const triggerStates = [{ trigger_id: 't1', armed: false, fired: 2 }];
    for (const behind of [false, true]) {
      const built = { ...buildLeadDocument('b@y.io', foldProfile(EMPTY_PROFILE, events), state.state, digests, ['crm-7'], extendHistoryDigest(null, state.history), triggerStates, behind), saved_by: 'job-token' };
      expect(new LeadModel(built).toBSON()).toStrictEqual(built);
    }
  });
});
