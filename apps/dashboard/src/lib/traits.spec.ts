import type { ScoringRule } from '@lead-scoring/contracts';
import { keysReadByFitRules } from './traits';

const rule = (over: Partial<ScoringRule>): ScoringRule => ({
  id: 'r', name: 'r', kind: 'fit', event_type: null, points: 10, conditions: [], max_per_lead: null, max_per_period: null, active: true, ...over,
});

describe('keysReadByFitRules', () => {
  it('collects the first key of every traits path of the active fit rules', () => {
    const rules = [
      rule({ conditions: [{ field: 'traits.seniority', op: 'in', value: ['vp'] }, { field: 'traits.address.country', op: 'eq', value: 'US' }] }),
      rule({ active: false, conditions: [{ field: 'traits.industry', op: 'eq', value: 'x' }] }),
      rule({ kind: 'engagement', event_type: 'PAGE_VIEW', conditions: [{ field: 'metadata.url', op: 'eq', value: '/' }] }),
    ];
    expect([...keysReadByFitRules(rules)]).toEqual(['seniority', 'address']);
    expect(keysReadByFitRules(undefined).size).toBe(0);
  });
});
