import { ACTIVITY_RANGES } from './activity-range';

describe('ACTIVITY_RANGES', () => {
  const now = Date.parse('2026-03-10T12:34:56.789Z');
  it('leaves the default range to the server', () => {
    expect(ACTIVITY_RANGES[0].params(now)).toEqual({});
  });
  it('asks for hourly buckets over a day and daily ones beyond, ending at the current minute', () => {
    expect(ACTIVITY_RANGES.find((range) => range.id === '24h')?.params(now)).toEqual({
      from: '2026-03-09T12:34:00.000Z', to: '2026-03-10T12:34:00.000Z', bucket: 'hour',
    });
    expect(ACTIVITY_RANGES.find((range) => range.id === '7d')?.params(now)).toMatchObject({ from: '2026-03-03T12:34:00.000Z', bucket: 'day' });
  });
  it('gives the same params within a minute, so the query key stays stable', () => {
    for (const range of ACTIVITY_RANGES) expect(range.params(now)).toEqual(range.params(now + 2000));
  });
});
