import { DEFAULT_SETTINGS } from './rules';
import { parseWith, ruleCreateSchema, settingsSchema } from './rule-validation';
import { MAX_PER_LEAD_LIMIT, SCORE_SETTING_LIMIT } from './settings-bounds';

const fieldsOf = (result: ReturnType<typeof parseWith>) => (result.ok ? [] : result.details.map((detail) => detail.field));

describe('bounds of what an admin can set', () => {
  it('refuses scores, caps and stage thresholds beyond the limit, naming the field', () => {
    expect(fieldsOf(parseWith(settingsSchema, { ...DEFAULT_SETTINGS, min_score: -1e12 }))).toEqual(['min_score']);
    expect(fieldsOf(parseWith(settingsSchema, { ...DEFAULT_SETTINGS, max_score: 1e12 }))).toEqual(['max_score']);
    expect(fieldsOf(parseWith(settingsSchema, { ...DEFAULT_SETTINGS, stages: [{ name: 'cold', min: -1e15 }] }))).toEqual(['stages.0.min']);
    expect(fieldsOf(parseWith(settingsSchema, { ...DEFAULT_SETTINGS, max_score: Infinity }))).toEqual(['max_score']);
    expect(fieldsOf(parseWith(settingsSchema, { ...DEFAULT_SETTINGS, decay: { enabled: true, percent: 1e9, period_days: 0 } }))).toEqual([
      'decay.percent',
      'decay.period_days',
    ]);
  });

  it('accepts the limits themselves', () => {
    const edge = { ...DEFAULT_SETTINGS, min_score: -SCORE_SETTING_LIMIT, max_score: SCORE_SETTING_LIMIT, stages: [{ name: 'all', min: -SCORE_SETTING_LIMIT }] };
    expect(parseWith(settingsSchema, edge).ok).toBe(true);
    expect(parseWith(ruleCreateSchema, { name: 'r', event_type: 'X', points: 1, max_per_lead: MAX_PER_LEAD_LIMIT }).ok).toBe(true);
  });

  it('bounds max_per_lead', () => {
    expect(fieldsOf(parseWith(ruleCreateSchema, { name: 'r', event_type: 'X', points: 1, max_per_lead: 1e12 }))).toEqual(['max_per_lead']);
  });
});
