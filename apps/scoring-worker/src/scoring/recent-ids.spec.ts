import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('keeps what was added, up to its capacity', () => {
    const ids = new RecentIds(3);
    ids.addAll(['a', 'b', 'c']);
    expect(['a', 'b', 'c', 'd'].map((id) => ids.has(id))).toEqual([true, true, true, false]);
    expect(ids.size).toBe(3);
  });

  it('forgets the id added longest ago, counting an id added again as new', () => {
    const ids = new RecentIds(3);
    ids.addAll(['a', 'b', 'c']);
    ids.addAll(['a']); // now b is the oldest
    ids.addAll(['d']);
    expect(['a', 'b', 'c', 'd'].map((id) => ids.has(id))).toEqual([true, false, true, true]);
    ids.addAll(['e', 'f', 'g', 'h']);
    expect(ids.size).toBe(3);
    expect(['f', 'g', 'h'].every((id) => ids.has(id))).toBe(true);
  });
});
