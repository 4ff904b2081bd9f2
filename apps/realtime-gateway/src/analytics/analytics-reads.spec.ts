import { MAX_EVENT_TYPES_PER_ROLLUP, OTHER_EVENT_TYPES } from '@lead-scoring/persistence';
import { buildTrend, foldRareEventTypes, monthsBetween, resolveRange, scoreBands } from './analytics-reads.service';

const at = (iso: string) => Date.parse(iso);

describe('activity ranges and trends', () => {
  it('defaults to the 30 days ending with the bucket of the newest event, and to now without events', () => {
    const newest = new Date('2026-01-11T23:59:42.940Z');
    expect(resolveRange({ bucket: 'day' }, newest, new Date())).toEqual({ from: at('2025-12-13T00:00:00Z'), to: at('2026-01-12T00:00:00Z') });
    expect(resolveRange({ bucket: 'hour' }, newest, new Date())).toEqual({ from: at('2025-12-13T00:00:00Z'), to: at('2026-01-12T00:00:00Z') });
    const now = new Date('2026-03-01T10:30:00Z');
    expect(resolveRange({ bucket: 'day' }, null, now)).toEqual({ from: at('2026-01-31T00:00:00Z'), to: at('2026-03-02T00:00:00Z') });
  });

  it('widens given bounds to whole buckets and refuses empty or oversized ranges', () => {
    expect(resolveRange({ bucket: 'hour', from: new Date('2026-01-01T10:20:00Z'), to: new Date('2026-01-01T12:01:00Z') }, null, new Date())).toEqual({
      from: at('2026-01-01T10:00:00Z'), to: at('2026-01-01T13:00:00Z'),
    });
    expect(resolveRange({ bucket: 'day', from: new Date('2026-02-01'), to: new Date('2026-01-01') }, null, new Date())).toBe('empty');
    expect(resolveRange({ bucket: 'hour', from: new Date('2025-01-01'), to: new Date('2026-01-01') }, null, new Date())).toBe('too-long');
  });

  it('lists the months a range touches', () => {
    expect(monthsBetween(at('2025-12-13T00:00:00Z'), at('2026-01-12T00:00:00Z'))).toEqual(['2025-12', '2026-01']);
    expect(monthsBetween(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'))).toEqual(['2026-01']);
  });

  it('sums the partitions hour by hour into every bucket of the range, zeros included', () => {
    const hours = (values: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => values[hour] ?? 0);
    const days = [
      { _id: 'p0|day|2026-01-10', kind: 'activity' as const, partition: 0, month: '2026-01', day: '2026-01-10', types: [{ event_type: 'PAGE_VIEW', hours: hours({ 11: 2, 23: 1 }) }] },
      { _id: 'p1|day|2026-01-10', kind: 'activity' as const, partition: 1, month: '2026-01', day: '2026-01-10', types: [{ event_type: 'PAGE_VIEW', hours: hours({ 11: 1 }) }, { event_type: 'PURCHASE', hours: hours({ 0: 4 }) }] },
      { _id: 'p1|day|2026-01-12', kind: 'activity' as const, partition: 1, month: '2026-01', day: '2026-01-12', types: [{ event_type: 'EMAIL_OPEN', hours: hours({ 5: 9 }) }] },
    ];
    const trend = buildTrend(days, at('2026-01-09T00:00:00Z'), at('2026-01-12T00:00:00Z'), 'day');
    expect(trend.event_types).toEqual(['PAGE_VIEW', 'PURCHASE']);
    expect(trend.points).toEqual([
      { bucket_start: '2026-01-09T00:00:00.000Z', total: 0, counts: { PAGE_VIEW: 0, PURCHASE: 0 } },
      { bucket_start: '2026-01-10T00:00:00.000Z', total: 8, counts: { PAGE_VIEW: 4, PURCHASE: 4 } },
      { bucket_start: '2026-01-11T00:00:00.000Z', total: 0, counts: { PAGE_VIEW: 0, PURCHASE: 0 } },
    ]);
    const hourly = buildTrend(days, at('2026-01-10T10:00:00Z'), at('2026-01-10T12:00:00Z'), 'hour');
    expect(hourly.points.map((point) => point.total)).toEqual([0, 3]);
  });
});

describe('many event types', () => {
  const types = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}_${String(i).padStart(4, '0')}`);

  it('names at most MAX_EVENT_TYPES_PER_ROLLUP types, the most frequent, and adds up the rest under (other)', () => {
    // Two partitions, each naming its own 200 types (and one counting more under its own "(other)").
    const counts = new Map<string, number>([...types('A', 200).map((type, i) => [type, i + 1] as const), ...types('B', 200).map((type) => [type, 1] as const), [OTHER_EVENT_TYPES, 7]]);
    const folded = foldRareEventTypes(counts);
    expect(folded.size).toBe(MAX_EVENT_TYPES_PER_ROLLUP + 1);
    expect(folded.get('A_0199')).toBe(200);
    expect(folded.has('B_0000')).toBe(false);
    const total = (map: Map<string, number>) => [...map.values()].reduce((sum, count) => sum + count, 0);
    expect(total(folded)).toBe(total(counts));
    // Few types: nothing folded, and no "(other)" either.
    expect(foldRareEventTypes(new Map([['PAGE_VIEW', 3]]))).toEqual(new Map([['PAGE_VIEW', 3]]));
  });

  it('folds the same types in every bucket of a trend, and keeps each bucket\'s total', () => {
    const hours = Array.from({ length: 24 }, (_, hour) => (hour === 5 ? 1 : 0));
    const day = { _id: 'p0|day|2026-01-10', kind: 'activity' as const, partition: 0, month: '2026-01', day: '2026-01-10', types: types('T', 250).map((event_type) => ({ event_type, hours })) };
    const trend = buildTrend([day], at('2026-01-10T00:00:00Z'), at('2026-01-11T00:00:00Z'), 'hour');
    expect(trend.event_types).toHaveLength(MAX_EVENT_TYPES_PER_ROLLUP + 1);
    expect(trend.event_types).toContain(OTHER_EVENT_TYPES);
    expect(trend.points[5]).toMatchObject({ total: 250, counts: { [OTHER_EVENT_TYPES]: 50, T_0000: 1 } });
    expect(Object.keys(trend.points[4].counts)).toHaveLength(MAX_EVENT_TYPES_PER_ROLLUP + 1);
  });
});

describe('score distribution bands', () => {
  it('keeps a fixed set of bands whatever the stored scores: one open band below 0, 0..1000 by 100, one open from 1000', () => {
    const bands = scoreBands(new Map([[-1e12, 2], [-100, 1], [0, 4], [300, 1], [1000, 2], [1e15, 3]]));
    expect(bands).toHaveLength(12);
    expect(bands[0]).toEqual({ min: null, max: 0, count: 3 });
    expect(bands[1]).toEqual({ min: 0, max: 100, count: 4 });
    expect(bands[4]).toEqual({ min: 300, max: 400, count: 1 });
    expect(bands[11]).toEqual({ min: 1000, max: null, count: 5 });
  });

  it('has only the 11 bands from 0 when no lead is below 0', () => {
    expect(scoreBands(new Map())).toHaveLength(11);
    expect(scoreBands(new Map([[-1e12, 0], [Number.MAX_SAFE_INTEGER, 1]]))).toHaveLength(11);
  });
});
