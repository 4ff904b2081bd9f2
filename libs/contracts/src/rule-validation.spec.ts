import { DEFAULT_SETTINGS } from './rules';
import { parseWith, ruleCreateSchema, rulePatchSchema, settingsSchema } from './rule-validation';

describe('rule validation', () => {
  it('fills defaults and upper-cases the event type', () => {
    expect(parseWith(ruleCreateSchema, { name: 'Pricing page', event_type: 'page_view', points: 30 })).toEqual({
      ok: true,
      value: { name: 'Pricing page', kind: 'engagement', event_type: 'PAGE_VIEW', points: 30, conditions: [], max_per_lead: null, max_per_period: null, active: true },
    });
  });

  it('names every bad field, including inside conditions', () => {
    const result = parseWith(ruleCreateSchema, {
      name: '', event_type: 'PAGE_VIEW', points: 2.5, max_per_lead: 0, colour: 'red',
      conditions: [{ field: 'url', op: 'contains', value: '/x' }, { field: 'metadata.amount', op: 'gt', value: 'ten' }, { field: 'metadata.url', op: 'regex', value: '(' }, { field: 'metadata.plan', op: 'in', value: [] }],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.details.map((detail) => detail.field).sort()).toEqual(
      ['colour', 'conditions.0.field', 'conditions.1.value', 'conditions.2.value', 'conditions.3.value', 'max_per_lead', 'name', 'points'].sort(),
    );
  });

  it('accepts a partial patch and refuses unknown fields in it', () => {
    expect(parseWith(rulePatchSchema, { points: -10 })).toEqual({ ok: true, value: { points: -10 } });
    expect(parseWith(rulePatchSchema, { id: 'x' })).toEqual({ ok: false, details: [{ field: 'id', message: 'is not a known field' }] });
  });

  it('checks settings: cap not below the floor, unique stages, sorted by min', () => {
    const unsorted = { ...DEFAULT_SETTINGS, stages: [{ name: 'hot', min: 100 }, { name: 'cold', min: 0 }] };
    expect(parseWith(settingsSchema, unsorted)).toEqual({ ok: true, value: { ...unsorted, stages: [{ name: 'cold', min: 0 }, { name: 'hot', min: 100 }] } });
    const bad = parseWith(settingsSchema, { ...DEFAULT_SETTINGS, min_score: 10, max_score: 5, stages: [{ name: 'a', min: 0 }, { name: 'A', min: 1 }] });
    expect(!bad.ok && bad.details).toEqual([
      { field: 'max_score', message: 'must not be below min_score' },
      { field: 'stages', message: 'stage names must be unique' },
    ]);
  });

  it('takes fit rules on traits without an event type, and a frequency cap on engagement rules', () => {
    const fit = parseWith(ruleCreateSchema, { name: 'Senior', kind: 'fit', points: 30, conditions: [{ field: 'traits.title', op: 'contains', value: 'VP' }] });
    expect(fit).toEqual({ ok: true, value: expect.objectContaining({ kind: 'fit', event_type: null, max_per_lead: null, max_per_period: null }) });
    const capped = parseWith(ruleCreateSchema, { name: 'Opens', event_type: 'EMAIL_OPEN', points: 5, max_per_period: { count: 3, days: 1 } });
    expect(capped).toEqual({ ok: true, value: expect.objectContaining({ max_per_period: { count: 3, days: 1 } }) });
  });

  it.each([
    [{ name: 'x', kind: 'fit', event_type: 'PAGE_VIEW', points: 1 }, 'event_type'],
    [{ name: 'x', kind: 'fit', points: 1, max_per_lead: 2 }, 'max_per_lead'],
    [{ name: 'x', kind: 'fit', points: 1, max_per_period: { count: 1, days: 1 } }, 'max_per_period'],
    [{ name: 'x', kind: 'fit', points: 1, conditions: [{ field: 'metadata.title', op: 'exists' }] }, 'conditions.0.field'],
    [{ name: 'x', points: 1 }, 'event_type'],
    [{ name: 'x', event_type: 'identify', points: 1 }, 'event_type'],
    [{ name: 'x', event_type: 'PAGE_VIEW', points: 1, conditions: [{ field: 'traits.title', op: 'exists' }] }, 'conditions.0.field'],
    [{ name: 'x', event_type: 'PAGE_VIEW', points: 1, max_per_period: { count: 0, days: 1 } }, 'max_per_period.count'],
    [{ name: 'x', event_type: 'PAGE_VIEW', points: 1, max_per_period: { count: 1, days: 1e9 } }, 'max_per_period.days'],
    [{ name: 'x', kind: 'score', event_type: 'PAGE_VIEW', points: 1 }, 'kind'],
  ])('refuses %j naming %s', (body, field) => {
    const parsed = parseWith(ruleCreateSchema, body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.details.map((detail) => detail.field)).toContain(field);
  });
});
