import { ApiError } from '@lead-scoring/runtime';
import { parseInstant, parseLimit } from './query-params';

describe('parseLimit', () => {
  const options = { fallback: 10, max: 100 };

  it('uses the fallback when absent and accepts whole numbers in range', () => {
    expect(parseLimit(undefined, options)).toBe(10);
    expect(parseLimit('1', options)).toBe(1);
    expect(parseLimit('100', options)).toBe(100);
  });

  it.each(['0', '101', '-1', '2.5', 'ten', '', '1e2'])('refuses %j with a 400 naming limit', (value) => {
    try {
      parseLimit(value, options);
      throw new Error('expected a 400');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).getStatus()).toBe(400);
      expect((error as ApiError).details).toEqual([{ field: 'limit', message: 'must be a whole number from 1 to 100' }]);
    }
  });
});

describe('parseInstant', () => {
  it('reads dates and date-times', () => {
    expect(parseInstant('from', '2026-01-10')?.toISOString()).toBe('2026-01-10T00:00:00.000Z');
    expect(parseInstant('from', '2026-01-10T12:30:00+02:00')?.toISOString()).toBe('2026-01-10T10:30:00.000Z');
    expect(parseInstant('from', '2024-02-29T00:00:00Z')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseInstant('from', undefined)).toBeUndefined();
  });

  it.each(['2026-02-30', '2026-02-30T00:00:00Z', '2026-13-01', '2026-01-10T25:00:00Z', '2026-01-10T24:00:00Z', '2026-01-10T10:61:00Z', 'yesterday'])(
    'refuses %s with a 400 naming the parameter',
    (value) => {
      const thrown = (() => {
        try {
          parseInstant('from', value);
          return undefined;
        } catch (error) {
          return error as ApiError;
        }
      })();
      expect(thrown).toBeInstanceOf(ApiError);
      expect(thrown?.getStatus()).toBe(400);
      expect(thrown?.details).toEqual([expect.objectContaining({ field: 'from' })]);
    },
  );
});
