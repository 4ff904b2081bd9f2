import { DEFAULT_SETTINGS } from '@lead-scoring/contracts';
import { stageCounts, strategySentence } from './account-view';

describe('strategySentence', () => {
  it('says how the account score is made', () => {
    expect(strategySentence({ strategy: 'sum', n: 3 })).toBe('Score: the sum of its leads’ engagement scores');
    expect(strategySentence({ strategy: 'top_n_average', n: 2 })).toBe('Score: the average of its best 2 leads’ engagement scores');
    expect(strategySentence(undefined)).toBe('Scored from its leads’ engagement scores');
  });
});

describe('stageCounts', () => {
  it('orders stages as the settings do, drops zeros and keeps unknown stages last', () => {
    expect(stageCounts({ hot: 1, cold: 3, warm: 0, legacy: 2 }, DEFAULT_SETTINGS.stages)).toEqual([
      { stage: 'cold', count: 3 },
      { stage: 'hot', count: 1 },
      { stage: 'legacy', count: 2 },
    ]);
    expect(stageCounts(undefined, undefined)).toEqual([]);
  });
});
