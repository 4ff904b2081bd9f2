import {
  BASE_RETRY_DELAY_MS,
  classifyOutcome,
  MAX_RETRY_DELAY_MS,
  nextAttemptDelay,
  parseRetryAfter,
  RETRY_WINDOW_MS,
} from './retry-policy';

describe('classifyOutcome', () => {
  const answer = (status_code: number | null, extra: object = {}) => ({ status_code, error: null, ...extra });

  it.each([200, 201, 202, 204, 299])('HTTP %i is delivered', (status) => expect(classifyOutcome(answer(status))).toEqual({ kind: 'delivered' }));

  it.each([429, 500, 502, 503, 504, 599])('HTTP %i is retried', (status) => expect(classifyOutcome(answer(status)).kind).toBe('retry'));

  it.each([400, 401, 403, 404, 405, 408, 410, 413, 422, 451, 499, 600])('HTTP %i fails at once', (status) =>
    expect(classifyOutcome(answer(status))).toEqual({ kind: 'failed', reason: `HTTP ${status}` }),
  );

  it('fails a redirect that was not followed, keeping the sender’s reason', () => {
    expect(classifyOutcome(answer(302, { error: 'more than 3 redirects', error_kind: 'redirect' }))).toEqual({ kind: 'failed', reason: 'more than 3 redirects' });
    expect(classifyOutcome(answer(304))).toEqual({ kind: 'failed', reason: 'HTTP 304 (redirect not followed)' });
    // A redirect to a refused address carries the 3xx status: failed, whatever the kind says.
    expect(classifyOutcome(answer(307, { error: 'redirect to a refused destination: x', error_kind: 'refused' })).kind).toBe('failed');
  });

  it('retries timeouts and connection errors, fails refused and invalid destinations', () => {
    expect(classifyOutcome({ status_code: null, error: 'timed out after 10000 ms', error_kind: 'timeout' })).toEqual({ kind: 'retry', reason: 'timed out after 10000 ms' });
    expect(classifyOutcome({ status_code: null, error: 'ECONNREFUSED', error_kind: 'network' }).kind).toBe('retry');
    expect(classifyOutcome({ status_code: null, error: 'ECONNRESET' }).kind).toBe('retry');
    expect(classifyOutcome({ status_code: null, error: 'destination refused: ...', error_kind: 'refused' })).toEqual({ kind: 'failed', reason: 'destination refused: ...' });
    expect(classifyOutcome({ status_code: null, error: 'bad header', error_kind: 'invalid_request' }).kind).toBe('failed');
  });
});

describe('nextAttemptDelay', () => {
  const start = Date.UTC(2026, 0, 1);
  const at = (attempt: number, random: number, extra: Partial<Parameters<typeof nextAttemptDelay>[0]> = {}) =>
    nextAttemptDelay({ attempt, retryAfterMs: null, firstAttemptAt: start, now: start + 60_000, random: () => random, ...extra });

  it('doubles from 10 s with equal jitter: half fixed, half random', () => {
    expect(at(1, 0)).toBe(5_000);
    expect(at(1, 0.5)).toBe(7_500);
    expect(at(1, 0.999999)).toBe(10_000);
    expect(at(2, 0)).toBe(10_000);
    expect(at(3, 1)).toBe(40_000);
    expect(at(4, 0.25)).toBe(50_000);
  });

  it('is deterministic given the random source, and stays within [exp/2, exp]', () => {
    for (let attempt = 1; attempt <= 15; attempt++) {
      const exponential = Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** (attempt - 1));
      for (const random of [0, 0.1, 0.37, 0.5, 0.9, 0.999]) {
        const delay = at(attempt, random)!;
        expect(delay).toBe(at(attempt, random));
        expect(delay).toBeGreaterThanOrEqual(exponential / 2);
        expect(delay).toBeLessThanOrEqual(exponential);
      }
    }
  });

  it('caps at 1 h, also for absurd attempt counts', () => {
    expect(at(9, 1)).toBe(2_560_000);
    expect(at(10, 1)).toBe(MAX_RETRY_DELAY_MS);
    expect(at(10, 0)).toBe(MAX_RETRY_DELAY_MS / 2);
    expect(at(5000, 1)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('clamps a random source that leaves [0, 1)', () => {
    expect(at(1, -3)).toBe(5_000);
    expect(at(1, 7)).toBe(10_000);
  });

  it('waits at least Retry-After, but never more than 1 h for it', () => {
    expect(at(1, 0, { retryAfterMs: 120_000 })).toBe(120_000);
    expect(at(1, 0, { retryAfterMs: 1_500.2 })).toBe(5_000); // shorter than the backoff: the backoff wins
    expect(at(1, 0, { retryAfterMs: 10 * 24 * 3600_000 })).toBe(MAX_RETRY_DELAY_MS);
    expect(at(1, 0, { retryAfterMs: Number.POSITIVE_INFINITY })).toBe(5_000);
    expect(at(1, 0, { retryAfterMs: 0 })).toBe(5_000);
  });

  it('gives up (null) when the next attempt would start after the 24 h window', () => {
    const nearEnd = start + RETRY_WINDOW_MS - 30_000;
    expect(at(2, 0, { now: nearEnd })).toBe(10_000);
    expect(at(3, 0, { now: nearEnd })).toBe(20_000);
    expect(at(3, 1, { now: nearEnd })).toBeNull();
    expect(at(1, 0, { now: nearEnd, retryAfterMs: 60_000 })).toBeNull();
    expect(at(1, 0, { now: start + RETRY_WINDOW_MS })).toBeNull();
    expect(at(1, 0, { now: new Date(start + RETRY_WINDOW_MS - 5_000), firstAttemptAt: new Date(start) })).toBe(5_000);
  });

  it('a whole schedule of retries ends within 24 h of the first attempt', () => {
    let now = start;
    let attempts = 1;
    for (;;) {
      const delay = nextAttemptDelay({ attempt: attempts, retryAfterMs: null, firstAttemptAt: start, now, random: () => 0.5 });
      if (delay === null) break;
      now += delay;
      attempts++;
    }
    expect(now - start).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(now - start).toBeGreaterThan(RETRY_WINDOW_MS - MAX_RETRY_DELAY_MS);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(60);
  });

  it('refuses attempt counts below 1', () => {
    expect(() => at(0, 0)).toThrow(RangeError);
    expect(() => at(1.5, 0)).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5_000);
  });

  it('reads the three HTTP-date forms, relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Wed Oct 21 07:30:00 2015', now)).toBe(180_000);
    expect(parseRetryAfter('Wed Oct  1 07:27:00 2015', now - 20 * 86_400_000)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    for (const value of [undefined, null, '', '-5', '1.5', '21/10/2015', 'soon', '12 seconds', 'Mon, 99 Foo 2015']) {
      expect(parseRetryAfter(value, now)).toBeNull();
    }
  });
});
