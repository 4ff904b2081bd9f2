import { Coalescer } from './live-coalescer';

describe('Coalescer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('sends the first update at once, then at most one flush per window with the latest update per key', () => {
    const flushes: { at: number; items: { id: string; v: number }[] }[] = [];
    const coalescer = new Coalescer<{ id: string; v: number }>(100, (item) => item.id, (items) => flushes.push({ at: Date.now(), items }));
    coalescer.push({ id: 'a', v: 1 });
    jest.advanceTimersByTime(0);
    expect(flushes).toEqual([{ at: 1_000_000, items: [{ id: 'a', v: 1 }] }]);

    for (let v = 2; v <= 50; v++) {
      coalescer.push({ id: v % 2 === 0 ? 'a' : 'b', v });
      jest.advanceTimersByTime(3);
    }
    jest.advanceTimersByTime(1000);
    const times = flushes.map((flush) => flush.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(100);
    const last = flushes[flushes.length - 1].items;
    expect(last).toEqual(expect.arrayContaining([{ id: 'a', v: 50 }, { id: 'b', v: 49 }]));
    // Every key appears at most once per flush.
    for (const flush of flushes) expect(new Set(flush.items.map((item) => item.id)).size).toBe(flush.items.length);
    coalescer.stop();
  });
});
