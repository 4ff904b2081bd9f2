import { isCalendarDate, isClockTime } from '@lead-scoring/contracts';
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

export function invalidParameter(field: string, message: string): ApiError {
  return new ApiError(400, 'validation_failed', `the ${field} parameter is invalid`, [{ field, message }]);
}

/** A text filter: absent or empty means "no filter" (forms send `stage=&company=`); longer than `max` is a 400. */
export function parseOptionalText(field: string, value: unknown, max = 200): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParameter(field, 'must be given once');
  if (value.length > max) throw invalidParameter(field, `must be at most ${max} characters`);
  return value;
}

/** One of `allowed`, or the fallback when absent. */
export function parseChoice<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw invalidParameter(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * An ISO-8601 date or date-time, or undefined when absent. Its fields must exist in the calendar, as for event
 * timestamps: Date.parse alone reads 2026-02-30 as 2 March.
 */
export function parseInstant(field: string, value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const parts = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value) : null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = (parts?.slice(1) ?? []).map((part) => Number(part ?? 0));
  const exists = parts !== null && isCalendarDate(year, month, day) && isClockTime(hour, minute, second);
  const time = exists ? Date.parse(value as string) : Number.NaN;
  if (Number.isNaN(time)) throw invalidParameter(field, 'must be an ISO-8601 date or date-time that exists, e.g. 2026-01-10T00:00:00Z');
  return new Date(time);
}

/** Cursors are opaque to clients: base64url JSON written by the server. Anything else is a 400 naming `cursor`. */
/** Longer than any cursor the server writes: decoding a megabyte of "cursor" is work for nothing. */
const MAX_CURSOR_LENGTH = 4096;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(value: unknown, isValid: (decoded: unknown) => decoded is T): T | undefined {
  if (value === undefined || value === '') return undefined;
  let decoded: unknown;
  try {
    decoded = typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(value) ? JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) : undefined;
  } catch {
    decoded = undefined;
  }
  if (!isValid(decoded)) throw invalidParameter('cursor', 'must be the next_cursor of a previous page of this list');
  return decoded;
}
