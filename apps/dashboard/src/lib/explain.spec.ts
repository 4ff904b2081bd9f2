import type { HistoryEntry } from '@lead-scoring/contracts';
import { explainEntry, explainFit, formatDelta, gradeChanges, hasEngagementChange, ruleNames, stageChanges } from './explain';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  event_id: 'e', event_type: 'PAGE_VIEW', timestamp: '2026-01-01T00:00:00Z', delta: 5, score_after: 5, stage_after: 'cold', rule_ids: ['r1'],
  fit_delta: 0, fit_after: 0, fit_rule_ids: [], grade_after: 'C3', ...over,
});

describe('explainEntry', () => {
  const names = ruleNames([{ rule_id: 'r1', name: 'Page viewed' }], [{ id: 'r2', name: 'Pricing page' }, { id: 'r1', name: 'ignored' }]);
  it('names every rule that fired, preferring the breakdown name', () => {
    expect(explainEntry(entry({ rule_ids: ['r1', 'r2'] }), names)).toBe('Page viewed + Pricing page');
  });
  it('keeps the id of a rule that no longer exists', () => {
    expect(explainEntry(entry({ rule_ids: ['gone'] }), names)).toBe('gone');
  });
  it('explains decay and changes without a rule', () => {
    expect(explainEntry(entry({ event_type: 'DECAY', rule_ids: [] }), names)).toBe('Inactivity decay');
    expect(explainEntry(entry({ rule_ids: [], delta: -3 }), names)).toBe('Clamped to the score range');
  });
});

describe('fit changes', () => {
  const names = ruleNames([{ rule_id: 'f1', name: 'Decision maker' }, { rule_id: 'f2', name: 'Core market' }]);
  it('explains a fit change with the fit rules that hold after it', () => {
    expect(explainFit(entry({ event_type: 'IDENTIFY', delta: 0, rule_ids: [], fit_delta: 40, fit_after: 40, fit_rule_ids: ['f1', 'f2'] }), names)).toBe('Fit +40 → 40: Decision maker + Core market');
    expect(explainFit(entry({ fit_delta: -10, fit_after: 30, fit_rule_ids: ['f1'] }), names)).toBe('Fit −10 → 30: Decision maker');
    expect(explainFit(entry({ fit_delta: -30, fit_after: 0, fit_rule_ids: [] }), names)).toBe('Fit −30 → 0: no fit rule holds');
  });
  it('tells a fit-only entry from one that also scored', () => {
    expect(hasEngagementChange(entry({ event_type: 'IDENTIFY', delta: 0, rule_ids: [], fit_delta: 40 }))).toBe(false);
    expect(hasEngagementChange(entry({ fit_delta: 40 }))).toBe(true);
    expect(hasEngagementChange(entry({ rule_ids: [], delta: 0, fit_delta: 0 }))).toBe(true);
  });
  it('marks the entries that moved grade', () => {
    expect(gradeChanges([entry({ grade_after: 'C3' }), entry({ grade_after: 'A3' }), entry({ grade_after: 'A3' }), entry({ grade_after: 'A2' })])).toEqual(['C3', 'A3', null, 'A2']);
  });
});

describe('formatDelta', () => {
  it('signs the number', () => {
    expect(formatDelta(10)).toBe('+10');
    expect(formatDelta(-2.5)).toBe('−2.5');
    expect(formatDelta(0)).toBe('0');
  });
});

describe('stageChanges', () => {
  it('marks the first entry and every entry that moved stage', () => {
    const history = [entry({ stage_after: 'cold' }), entry({ stage_after: 'cold' }), entry({ stage_after: 'warm' })];
    expect(stageChanges(history)).toEqual(['cold', null, 'warm']);
  });
});
