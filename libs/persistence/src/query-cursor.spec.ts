import { ClosableCursor, closing } from './query-cursor';

function fakeCursor(items: number[], failAt?: number): ClosableCursor<number> & { closed: number } {
  return {
    closed: 0,
    async close() {
      this.closed += 1;
    },
    async *[Symbol.asyncIterator]() {
      for (const item of items) {
        if (item === failAt) throw new Error('connection closed');
        yield item;
      }
    },
  };
}

describe('closing', () => {
  it('closes the cursor when the loop stops early, with break or return', async () => {
    const cursor = fakeCursor([1, 2, 3, 4]);
    const seen: number[] = [];
    for await (const item of closing(cursor)) {
      seen.push(item);
      if (item === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(cursor.closed).toBe(1);

    const returned = fakeCursor([1, 2, 3]);
    const first = async () => {
      for await (const item of closing(returned)) return item;
      return null;
    };
    expect(await first()).toBe(1);
    expect(returned.closed).toBe(1);
  });

  it('closes the cursor when it is read to the end, and when reading it fails', async () => {
    const whole = fakeCursor([1, 2, 3]);
    const seen: number[] = [];
    for await (const item of closing(whole)) seen.push(item);
    expect(seen).toEqual([1, 2, 3]);
    expect(whole.closed).toBe(1);

    const failing = fakeCursor([1, 2, 3], 2);
    await expect((async () => {
      for await (const _ of closing(failing)) void _;
    })()).rejects.toThrow('connection closed');
    expect(failing.closed).toBe(1);
  });

  it('closes the cursor when the loop body throws', async () => {
    const cursor = fakeCursor([1, 2, 3]);
    await expect((async () => {
      for await (const item of closing(cursor)) if (item === 2) throw new Error('fold failed');
    })()).rejects.toThrow('fold failed');
    expect(cursor.closed).toBe(1);
  });
});
