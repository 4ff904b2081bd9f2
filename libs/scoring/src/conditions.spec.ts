import { RuleCondition } from '@lead-scoring/contracts';
import { RuleEvaluationError, conditionHolds } from './conditions';

const subject = { event_type: 'PURCHASE', source: 'shop', metadata: { amount: '99', url: '/Pricing/Team', tags: ['vip'], plan: { tier: 'pro' } } };
const holds = (condition: RuleCondition) => conditionHolds(condition, subject);

describe('conditionHolds', () => {
  it.each<[RuleCondition, boolean]>([
    [{ field: 'metadata.amount', op: 'eq', value: 99 }, true],
    [{ field: 'metadata.amount', op: 'neq', value: 99 }, false],
    [{ field: 'metadata.amount', op: 'gt', value: 50 }, true],
    [{ field: 'metadata.amount', op: 'gte', value: 99 }, true],
    [{ field: 'metadata.amount', op: 'lt', value: 99 }, false],
    [{ field: 'metadata.amount', op: 'lte', value: 99 }, true],
    [{ field: 'metadata.url', op: 'contains', value: '/pricing' }, true],
    [{ field: 'metadata.url', op: 'starts_with', value: '/pricing' }, true],
    [{ field: 'metadata.url', op: 'regex', value: '^/Pricing/(Team|Enterprise)$' }, true],
    [{ field: 'metadata.tags', op: 'contains', value: 'vip' }, true],
    [{ field: 'metadata.plan.tier', op: 'in', value: ['pro', 'enterprise'] }, true],
    [{ field: 'metadata.plan.seats', op: 'exists' }, false],
    [{ field: 'metadata.plan.seats', op: 'exists', value: false }, true],
    [{ field: 'metadata.missing', op: 'gt', value: 0 }, false],
    [{ field: 'source', op: 'eq', value: 'shop' }, true],
  ])('%j is %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('reports a regex that does not compile instead of silently not matching', () => {
    expect(() => holds({ field: 'metadata.url', op: 'regex', value: '(' })).toThrow(RuleEvaluationError);
  });
});
