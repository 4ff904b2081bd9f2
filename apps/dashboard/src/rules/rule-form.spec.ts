import { DEFAULT_SETTINGS } from '@lead-scoring/contracts';
import { describeCondition, EMPTY_RULE_FORM, formOfRule, formOfSettings, ruleOfForm, settingsOfForm } from './rule-form';

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
        name: 'Pricing', event_type: 'PAGE_VIEW', points: -15, max_per_lead: 3, active: true,
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
      conditions: [{ field: 'url', op: 'gt', value: 'abc' }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['conditions.0.field', 'conditions.0.value', 'event_type', 'max_per_lead', 'name', 'points']);
  });

  it('round-trips a rule through the form', () => {
    const rule = { id: 'r', name: 'Big order', event_type: 'PURCHASE', points: 50, max_per_lead: null, active: false, conditions: [{ field: 'metadata.amount', op: 'gt' as const, value: 500 }] };
    const { id: _id, ...input } = rule;
    expect(ruleOfForm(formOfRule(rule))).toEqual({ ok: true, rule: input });
  });
});

describe('describeCondition', () => {
  it('reads like a sentence', () => {
    expect(describeCondition({ field: 'metadata.url', op: 'contains', value: '/pricing' })).toBe('metadata.url contains "/pricing"');
    expect(describeCondition({ field: 'metadata.x', op: 'exists' })).toBe('metadata.x exists');
  });
});

describe('settingsOfForm', () => {
  it('round-trips the defaults', () => {
    expect(settingsOfForm(formOfSettings(DEFAULT_SETTINGS))).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it('sorts stages, allows no cap, and rejects a cap below the minimum', () => {
    const form = formOfSettings(DEFAULT_SETTINGS);
    const result = settingsOfForm({ ...form, max_score: '', stages: [{ name: 'hot', min: '100' }, { name: 'cold', min: '0' }] });
    expect(result).toMatchObject({ ok: true, settings: { max_score: null, stages: [{ name: 'cold', min: 0 }, { name: 'hot', min: 100 }] } });
    expect(settingsOfForm({ ...form, min_score: '10', max_score: '5' })).toMatchObject({ ok: false, errors: { max_score: expect.any(String) } });
  });
});
