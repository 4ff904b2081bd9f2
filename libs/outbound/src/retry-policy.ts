import type { SendOutcome } from './webhook-sender';

/*
 * What to do after an attempt, and when to try again. Pure functions of their inputs (the clock and the random
 * source are parameters), so the schedule is testable and a worker can recompute it after a restart.
 *
 *   2xx                                       delivered
 *   429, 5xx, timeout, connection error       retry, with backoff, for up to 24 h after the first attempt
 *   other 4xx, 3xx not followed, refused      failed at once: trying again would get the same answer
 */

/** Retries stop once the next attempt would start later than this after the first one. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The backoff before the 2nd attempt; it doubles for each attempt after that. */
export const BASE_RETRY_DELAY_MS = 10_000;
/** Longest pause between attempts, Retry-After included: a destination back up is reached within the hour. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

export type OutcomeClass = { kind: 'delivered' } | { kind: 'retry'; reason: string } | { kind: 'failed'; reason: string };

/** What classifyOutcome reads; `error_kind` is optional so outcomes stored without it still classify. */
export type ClassifiableOutcome = Pick<SendOutcome, 'status_code' | 'error'> & Partial<Pick<SendOutcome, 'error_kind'>>;

export function classifyOutcome(outcome: ClassifiableOutcome): OutcomeClass {
  const status = outcome.status_code;
  if (status !== null) {
    if (status >= 200 && status < 300) return { kind: 'delivered' };
    if (status === 429 || (status >= 500 && status < 600)) return { kind: 'retry', reason: `HTTP ${status}` };
    if (status >= 300 && status < 400) return { kind: 'failed', reason: outcome.error ?? `HTTP ${status} (redirect not followed)` };
    return { kind: 'failed', reason: `HTTP ${status}` };
  }
  // No answer at all. A refused or invalid destination stays so; anything else may be a passing network problem.
  const error = outcome.error ?? 'no response';
  if (outcome.error_kind === 'refused' || outcome.error_kind === 'invalid_request') return { kind: 'failed', reason: error };
  return { kind: 'retry', reason: error };
}

export interface NextAttemptInput {
  /** How many attempts have been made so far (1 after the first). */
  attempt: number;
  /** The destination's Retry-After, in ms from now (see parseRetryAfter), or null. */
  retryAfterMs: number | null;
  /** When the first attempt was made (epoch ms or Date). */
  firstAttemptAt: number | Date;
  /** The current time (epoch ms or Date). */
  now: number | Date;
  /** Uniform in [0, 1); defaults to Math.random. */
  random?: () => number;
  /** The first retry's base delay; defaults to BASE_RETRY_DELAY_MS (tests shorten it). */
  baseDelayMs?: number;
}

/**
 * Milliseconds to wait before the next attempt, or null when it would fall outside the 24 h window (give up).
 *
 * Backoff: 10 s * 2^(attempt-1), capped at 1 h, with "equal jitter" (half fixed, half random): the random half
 * spreads retries of many deliveries to one recovering destination; the fixed half keeps a minimum spacing.
 * Retry-After is honoured as a lower bound but capped at 1 h too, so a hostile or confused server cannot park a
 * delivery beyond the window (the attempt at the cap may well be answered with 429 again: that is retried).
 */
export function nextAttemptDelay(input: NextAttemptInput): number | null {
  const { attempt, retryAfterMs } = input;
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('attempt counts the attempts made: a whole number >= 1');
  const now = toMs(input.now);
  const windowEnd = toMs(input.firstAttemptAt) + RETRY_WINDOW_MS;

  // 2^(attempt-1) overflows to Infinity for absurd attempt counts; Math.min brings it back to the cap.
  const exponential = Math.min(MAX_RETRY_DELAY_MS, (input.baseDelayMs ?? BASE_RETRY_DELAY_MS) * 2 ** (attempt - 1));
  const random = Math.min(Math.max((input.random ?? Math.random)(), 0), 1);
  let delay = Math.round(exponential / 2 + (exponential / 2) * random);
  if (retryAfterMs !== null && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
    delay = Math.max(delay, Math.min(Math.ceil(retryAfterMs), MAX_RETRY_DELAY_MS));
  }
  return now + delay > windowEnd ? null : delay;
}

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT",
 * the obsolete RFC 850 and asctime forms too). A date in the past is 0; anything unparseable is null.
 */
export function parseRetryAfter(value: string | string[] | undefined | null, nowMs: number): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  // Date.parse alone would accept "1" or "2024" as dates: an HTTP-date always names a weekday or month in letters.
  if (!/[a-z]/i.test(text)) return null;
  // asctime ("Sun Nov  6 08:49:37 1994") carries no zone: HTTP means GMT, Date.parse would read local time.
  const at = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$/;

function toMs(value: number | Date): number {
  return value instanceof Date ? value.getTime() : value;
}
