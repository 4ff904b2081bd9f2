import { DEFAULT_RULES, DEFAULT_SETTINGS, Ruleset, ScoringRule } from '@lead-scoring/contracts';
import { ALL_EVENT_TYPES } from '@lead-scoring/persistence';
import { affectedEventTypes, foldBasis, foldDigest } from './fold-digest';

const base: Ruleset = { version: 1, rules: [...DEFAULT_RULES], settings: DEFAULT_SETTINGS };
const engagement = (id: string, event_type: string, points = 10): ScoringRule =>
  ({ id, name: id, kind: 'engagement', event_type, points, conditions: [], max_per_lead: null, max_per_period: null, active: true });
const fit = (id: string): ScoringRule =>
  ({ id, name: id, kind: 'fit', event_type: null, points: 5, conditions: [{ field: 'traits.industry', op: 'eq', value: 'saas' }], max_per_lead: null, max_per_period: null, active: true });
const withRules = (rules: ScoringRule[], version = 2): Ruleset => ({ ...base, version, rules });
const affected = (from: Ruleset, to: Ruleset) => affectedEventTypes(foldBasis(from), foldBasis(to));

describe('which leads a ruleset change can affect', () => {
  it('names the type of a new, changed, paused or deleted engagement rule, and no other', () => {
    const rare = engagement('rare', 'BENCH_RARE');
    expect(affected(base, withRules([...base.rules, rare]))).toEqual(['BENCH_RARE']);
    expect(affected(withRules([...base.rules, rare]), withRules([...base.rules, { ...rare, points: 11 }]))).toEqual(['BENCH_RARE']);
    expect(affected(withRules([...base.rules, rare]), withRules([...base.rules, { ...rare, active: false }]))).toEqual(['BENCH_RARE']);
    expect(affected(withRules([...base.rules, rare]), base)).toEqual(['BENCH_RARE']);
    // A rule moved from one type to another affects both.
    expect(affected(withRules([...base.rules, rare]), withRules([...base.rules, { ...rare, event_type: 'OTHER' }]))).toEqual(['BENCH_RARE', 'OTHER']);
  });

  it('names nothing when only a rule name, the order of rules or the account settings change', () => {
    const renamed = base.rules.map((rule, i) => (i === 0 ? { ...rule, name: 'renamed' } : rule));
    expect(affected(base, withRules(renamed))).toEqual([]);
    expect(affected(base, withRules([...base.rules].reverse()))).toEqual([]);
    expect(affected(base, { ...base, settings: { ...DEFAULT_SETTINGS, accounts: { strategy: 'max', n: 7 } } })).toEqual([]);
  });

  it('affects every lead when the scoring settings or a fit rule change', () => {
    expect(affected(base, { ...base, settings: { ...DEFAULT_SETTINGS, decay: { enabled: true, percent: 10, period_days: 1 } } })).toBeNull();
    expect(affected(base, withRules([...base.rules, fit('fit-1')]))).toBeNull();
  });

  it('agrees with the lead digests: a lead without an affected type keeps its digest, every other lead gets a new one', () => {
    const from = base;
    const to = withRules([...base.rules, engagement('rare', 'BENCH_RARE'), engagement('odd type', 'with.dots $and spaces')]);
    const types = affected(from, to) as string[];
    expect(types).toEqual(['BENCH_RARE', 'with.dots $and spaces']);
    const leads = [['PAGE_VIEW'], ['PAGE_VIEW', 'PURCHASE'], ['BENCH_RARE'], ['PAGE_VIEW', 'with.dots $and spaces'], []];
    for (const eventTypes of leads) {
      const changed = foldDigest(from, eventTypes) !== foldDigest(to, eventTypes);
      expect({ eventTypes, changed }).toEqual({ eventTypes, changed: eventTypes.some((type) => types.includes(type)) });
    }
  });

  it('changes the digest of a lead with too many types to list for a change to any engagement rule', () => {
    const to = withRules([...base.rules, engagement('rare', 'BENCH_RARE')]);
    expect(foldDigest(base, [ALL_EVENT_TYPES])).not.toBe(foldDigest(to, [ALL_EVENT_TYPES]));
    expect(foldDigest(base, ['PAGE_VIEW'])).toBe(foldDigest(to, ['PAGE_VIEW']));
  });
});
