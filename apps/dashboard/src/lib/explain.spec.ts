import type { HistoryEntry } from '@lead-scoring/contracts';
import { explainEntry, formatDelta, ruleNames, stageChanges } from './explain';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  event_id: 'e', event_type: 'PAGE_VIEW', timestamp: '2026-01-01T00:00:00Z', delta: 5, score_after: 5, stage_after: 'cold', rule_ids: ['r1'], ...over,
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
