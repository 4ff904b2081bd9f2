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

  it('matches with RE2: catastrophic patterns for a backtracking engine answer right on long texts', () => {
    const long = `${'a'.repeat(30_000)}!`;
    const cases: Array<[pattern: string, text: string, expected: boolean]> = [
      ['(a+)+$', long, false],
      ['(a+)+!$', long, true],
      ['(a|aa)+$', long, false],
      ['(a|a?)+b', long, false],
      ['(.*a){5}$', long, false],
      ['(.*a){5}!', long, true],
      ['^(([a-z])+.)+[A-Z]([a-z])+$', long, false],
      ['(\\w+\\s?)*$', `${'word '.repeat(6000)}!`, true],
      ['(\\w+\\s?)*@$', `${'word '.repeat(6000)}!`, false],
      ['[ab]*a[ab]{20}$', `${'b'.repeat(20_000)}a${'b'.repeat(20)}`, true],
      ['[ab]*a[ab]{20}$', `${'b'.repeat(20_000)}a${'b'.repeat(21)}`, false],
    ];
    for (const [pattern, text, expected] of cases) {
      expect([pattern, conditionHolds({ field: 'metadata.probe', op: 'regex', value: pattern }, { ...subject, metadata: { probe: text } })]).toEqual([pattern, expected]);
    }
  });

  it('refuses to run a pattern RE2 does not support (a rule stored before RE2, e.g. with a lookahead)', () => {
    expect(() => holds({ field: 'metadata.url', op: 'regex', value: '^(?!/admin)' })).toThrow(RuleEvaluationError);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'])(
    'sees only own data: metadata.%s does not exist unless the event carries it',
    (key) => {
      expect(holds({ field: `metadata.${key}`, op: 'exists' })).toBe(false);
      expect(holds({ field: `metadata.plan.${key}`, op: 'exists' })).toBe(false);
      expect(holds({ field: `metadata.${key}`, op: 'eq', value: '[object Object]' })).toBe(false);
      const carrying = JSON.parse(`{"${key}": "own"}`) as Record<string, unknown>;
      expect(conditionHolds({ field: `metadata.${key}`, op: 'eq', value: 'own' }, { ...subject, metadata: carrying })).toBe(true);
    },
  );

  it('indexes arrays by position only: length and methods are not data', () => {
    expect(holds({ field: 'metadata.tags.0', op: 'eq', value: 'vip' })).toBe(true);
    expect(holds({ field: 'metadata.tags.1', op: 'exists' })).toBe(false);
    expect(holds({ field: 'metadata.tags.length', op: 'exists' })).toBe(false);
    expect(holds({ field: 'metadata.tags.map', op: 'exists' })).toBe(false);
    expect(holds({ field: 'metadata.url.length', op: 'exists' })).toBe(false);
  });
});
