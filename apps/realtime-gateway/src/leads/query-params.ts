import { ApiError } from '@lead-scoring/runtime';

/** A `limit` query parameter: absent gives the fallback; anything but a whole number in 1..max is a 400 naming it. */
export function parseLimit(value: string | undefined, { fallback, max }: { fallback: number; max: number }): number {
  if (value === undefined) return fallback;
  const limit = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ApiError(400, 'validation_failed', 'the limit parameter is invalid', [
      { field: 'limit', message: `must be a whole number from 1 to ${max}` },
    ]);
  }
  return limit;
}
