import { groupByPartition, partitionFor } from './partition';

describe('partitionFor', () => {
  it('is stable and within range', () => {
    expect(partitionFor('alice@microsoft.com', 16)).toBe(partitionFor('alice@microsoft.com', 16));
    for (let i = 0; i < 1000; i++) {
      const partition = partitionFor(`lead${i}@example.com`, 16);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(16);
    }
  });

  it('spreads leads over every partition', () => {
    const used = new Set(Array.from({ length: 1000 }, (_, i) => partitionFor(`lead${i}@example.com`, 16)));
    expect(used.size).toBe(16);
  });
});

describe('groupByPartition', () => {
  it('puts each lead once in its own partition', () => {
    const groups = groupByPartition(['a@x.io', 'b@x.io', 'a@x.io'], 4);
    const all = [...groups.values()].flat().sort();
    expect(all).toEqual(['a@x.io', 'b@x.io']);
    for (const [partition, keys] of groups) keys.forEach((key) => expect(partitionFor(key, 4)).toBe(partition));
  });
});
