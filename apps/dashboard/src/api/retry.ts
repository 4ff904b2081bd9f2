import { ApiError } from './client';

export const MAX_RETRIES = 2;

/**
 * TanStack Query retry policy: a 4xx will not change by asking again (and a 401 must reach the sign-out handler
 * at once), whereas a network failure or a 5xx/503 may be a gateway restarting.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (error instanceof ApiError) return error.status === 0 || error.status === 429 || error.status >= 500;
  return true;
}
