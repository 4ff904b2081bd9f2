import { ApiError, NO_RESPONSE } from './client';
import { MAX_RETRIES, shouldRetry } from './retry';

const apiError = (status: number) => new ApiError(status, 'code', 'message');

describe('shouldRetry', () => {
  it('never retries a client error, so a 401 signs out at once', () => {
    expect(shouldRetry(0, apiError(401))).toBe(false);
    expect(shouldRetry(0, apiError(400))).toBe(false);
    expect(shouldRetry(0, apiError(404))).toBe(false);
  });

  it('retries failures that may be transient', () => {
    expect(shouldRetry(0, apiError(NO_RESPONSE))).toBe(true);
    expect(shouldRetry(0, apiError(503))).toBe(true);
    expect(shouldRetry(1, apiError(429))).toBe(true);
    expect(shouldRetry(0, new TypeError('boom'))).toBe(true);
  });

  it('gives up after MAX_RETRIES attempts', () => {
    expect(shouldRetry(MAX_RETRIES - 1, apiError(503))).toBe(true);
    expect(shouldRetry(MAX_RETRIES, apiError(503))).toBe(false);
  });
});
