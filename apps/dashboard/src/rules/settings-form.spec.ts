import { DEFAULT_SETTINGS } from '@lead-scoring/contracts';
import { describeBands, formOfSettings, settingsOfForm } from './settings-form';

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

  it('sorts grade bands by minimum, descending, and checks their labels', () => {
    const form = formOfSettings(DEFAULT_SETTINGS);
    const result = settingsOfForm({ ...form, fit_grades: [{ label: 'C', min: '0' }, { label: 'A', min: '70' }, { label: 'B', min: '40' }] });
    expect(result).toMatchObject({ ok: true, settings: { grades: { fit: [{ label: 'A', min: 70 }, { label: 'B', min: 40 }, { label: 'C', min: 0 }] } } });
    const bad = settingsOfForm({ ...form, engagement_grades: [{ label: '1', min: '10' }, { label: '1', min: '0' }, { label: 'TOO-LONG', min: 'x' }] });
    expect(bad).toMatchObject({ ok: false, errors: { 'grades.engagement.1.label': expect.any(String), 'grades.engagement.2.label': expect.any(String), 'grades.engagement.2.min': expect.any(String) } });
    expect(settingsOfForm({ ...form, fit_grades: [] })).toMatchObject({ ok: false, errors: { 'grades.fit': expect.any(String) } });
  });

  it('checks the fit range and the account strategy', () => {
    const form = formOfSettings(DEFAULT_SETTINGS);
    expect(settingsOfForm({ ...form, fit_min: '50', fit_max: '10' })).toMatchObject({ ok: false, errors: { 'fit.max': expect.any(String) } });
    expect(settingsOfForm({ ...form, account_strategy: 'top_n_average', account_n: '5' })).toMatchObject({ ok: true, settings: { accounts: { strategy: 'top_n_average', n: 5 } } });
    expect(settingsOfForm({ ...form, account_strategy: 'top_n_average', account_n: '0' })).toMatchObject({ ok: false, errors: { 'accounts.n': expect.any(String) } });
    // n only matters for top_n_average: another strategy saves whatever n was, within bounds.
    expect(settingsOfForm({ ...form, account_strategy: 'max', account_n: '' })).toMatchObject({ ok: true, settings: { accounts: { strategy: 'max', n: 3 } } });
  });

  it('fills in fit, grades and accounts from an older gateway that has none', () => {
    const { fit: _fit, grades: _grades, accounts: _accounts, ...older } = DEFAULT_SETTINGS;
    expect(settingsOfForm(formOfSettings(older as typeof DEFAULT_SETTINGS))).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });
});

describe('describeBands', () => {
  it('reads each band from its minimum', () => {
    expect(describeBands(DEFAULT_SETTINGS.grades.fit)).toBe('A ≥ 60 · B ≥ 30 · C < 30');
    expect(describeBands([{ label: 'X', min: 0 }])).toBe('X ≥ 0');
  });
});
