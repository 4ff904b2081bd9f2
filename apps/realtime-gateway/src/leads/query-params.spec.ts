import { ApiError } from '@lead-scoring/runtime';
import { parseLimit } from './query-params';

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
