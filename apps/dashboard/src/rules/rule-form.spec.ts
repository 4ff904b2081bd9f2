import type { ScoringRule } from '@lead-scoring/contracts';
import { describeCaps, describeCondition, EMPTY_RULE_FORM, formOfRule, ruleOfForm, switchKind, traitKeySuggestions } from './rule-form';

describe('ruleOfForm', () => {
  it('types condition values by operator', () => {
    const result = ruleOfForm({
      ...EMPTY_RULE_FORM,
      name: ' Pricing ',
      event_type: 'page_view',
      points: '-15',
      max_per_lead: '3',
      conditions: [
        { field: 'metadata.url', op: 'contains', value: '/pricing' },
        { field: 'metadata.amount', op: 'gte', value: '100' },
        { field: 'metadata.plan', op: 'in', value: 'pro, team, 3' },
        { field: 'metadata.coupon', op: 'exists', value: '' },
        { field: 'source', op: 'eq', value: 'api' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      rule: {
        kind: 'engagement', name: 'Pricing', event_type: 'PAGE_VIEW', points: -15, max_per_lead: 3, max_per_period: null, active: true,
        conditions: [
          { field: 'metadata.url', op: 'contains', value: '/pricing' },
          { field: 'metadata.amount', op: 'gte', value: 100 },
          { field: 'metadata.plan', op: 'in', value: ['pro', 'team', 3] },
          { field: 'metadata.coupon', op: 'exists' },
          { field: 'source', op: 'eq', value: 'api' },
        ],
      },
    });
  });

  it('names every bad field the way the gateway does', () => {
    const result = ruleOfForm({
      ...EMPTY_RULE_FORM,
      event_type: '1x',
      points: '2000',
      max_per_lead: '0',
      period_count: '0',
      conditions: [{ field: 'url', op: 'gt', value: 'abc' }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual([
        'conditions.0.field', 'conditions.0.value', 'event_type', 'max_per_lead', 'max_per_period.count', 'max_per_period.days', 'name', 'points',
      ]);
    }
  });

  it('builds a frequency cap from count and days, hours included', () => {
    const base = { ...EMPTY_RULE_FORM, name: 'Opens', event_type: 'EMAIL_OPEN' };
    expect(ruleOfForm({ ...base, period_count: '3', period_days: '1' })).toMatchObject({ ok: true, rule: { max_per_period: { count: 3, days: 1 } } });
    expect(ruleOfForm({ ...base, period_count: '1', period_days: '0.5' })).toMatchObject({ ok: true, rule: { max_per_period: { count: 1, days: 0.5 } } });
    expect(ruleOfForm({ ...base, period_count: '', period_days: '' })).toMatchObject({ ok: true, rule: { max_per_period: null } });
    expect(ruleOfForm({ ...base, period_count: '2', period_days: '0.01' })).toMatchObject({ ok: false, errors: { 'max_per_period.days': expect.any(String) } });
  });

  it('makes a fit rule without event type or caps, on traits only', () => {
    const form = {
      ...EMPTY_RULE_FORM,
      kind: 'fit' as const,
      name: 'Big company',
      points: '25',
      event_type: 'PAGE_VIEW',
      max_per_lead: '2',
      conditions: [{ field: 'traits.company_size', op: 'gte' as const, value: '500' }],
    };
    expect(ruleOfForm(form)).toEqual({
      ok: true,
      rule: { kind: 'fit', name: 'Big company', event_type: null, points: 25, conditions: [{ field: 'traits.company_size', op: 'gte', value: 500 }], max_per_lead: null, max_per_period: null, active: true },
    });
    const wrong = ruleOfForm({ ...form, conditions: [{ field: 'metadata.size', op: 'eq', value: 'x' }] });
    expect(wrong).toMatchObject({ ok: false, errors: { 'conditions.0.field': expect.stringContaining('traits.') } });
  });

  it('refuses traits in an engagement rule and IDENTIFY as its event type', () => {
    const result = ruleOfForm({ ...EMPTY_RULE_FORM, name: 'x', event_type: 'identify', conditions: [{ field: 'traits.country', op: 'eq', value: 'US' }] });
    expect(result).toMatchObject({ ok: false, errors: { event_type: expect.any(String), 'conditions.0.field': expect.any(String) } });
  });

  it('round-trips engagement and fit rules through the form', () => {
    const rules: ScoringRule[] = [
      { id: 'r', kind: 'engagement', name: 'Big order', event_type: 'PURCHASE', points: 50, max_per_lead: null, max_per_period: { count: 2, days: 7 }, active: false, conditions: [{ field: 'metadata.amount', op: 'gt', value: 500 }] },
      { id: 'f', kind: 'fit', name: 'Decision maker', event_type: null, points: 30, max_per_lead: null, max_per_period: null, active: true, conditions: [{ field: 'traits.seniority', op: 'in', value: ['c-level', 'vp'] }] },
    ];
    for (const rule of rules) {
      const { id: _id, ...input } = rule;
      expect(ruleOfForm(formOfRule(rule))).toEqual({ ok: true, rule: input });
    }
  });
});

describe('switchKind', () => {
  it('moves conditions between metadata and traits and keeps the rest', () => {
    const form = { ...EMPTY_RULE_FORM, event_type: 'PAGE_VIEW', conditions: [{ field: 'metadata.country', op: 'eq' as const, value: 'US' }, { field: 'source', op: 'eq' as const, value: 'api' }] };
    const fit = switchKind(form, 'fit');
    expect(fit.kind).toBe('fit');
    expect(fit.conditions.map((condition) => condition.field)).toEqual(['traits.country', 'source']);
    expect(switchKind(fit, 'engagement')).toEqual(form);
  });
});

describe('describeCondition and describeCaps', () => {
  it('reads like a sentence', () => {
    expect(describeCondition({ field: 'metadata.url', op: 'contains', value: '/pricing' })).toBe('metadata.url contains "/pricing"');
    expect(describeCondition({ field: 'metadata.x', op: 'exists' })).toBe('metadata.x exists');
    expect(describeCaps({ max_per_lead: 3, max_per_period: { count: 2, days: 1 } })).toBe('3 per lead · 2 per 1 day');
    expect(describeCaps({ max_per_lead: null, max_per_period: { count: 1, days: 0.25 } })).toBe('1 per 6 hours');
    expect(describeCaps({ max_per_lead: null, max_per_period: null })).toBeNull();
  });
});

describe('traitKeySuggestions', () => {
  it('lists the default keys first, then the keys leads carry, once each', () => {
    expect(traitKeySuggestions([{ country: 'US', plan: 'pro' }, undefined, { email_domain: 'a.com', plan: 'team' }])).toEqual([
      'seniority', 'company_size', 'industry', 'country', 'title', 'email_domain', 'plan',
    ]);
  });
});
