import { ApiError, createApiClient, type FetchFn } from '../api/client';
import { fetchLeaderboard } from '../api/leaderboard';
import { describeError } from '../api/describe-error';

/**
 * Checks a key with the cheapest admin read before keeping it, so a typo is reported on the sign-in screen
 * instead of as an empty dashboard.
 */
export async function verifyAdminKey(realtimeUrl: string, apiKey: string, fetchFn?: FetchFn): Promise<void> {
  await fetchLeaderboard(createApiClient({ baseUrl: realtimeUrl, apiKey, fetchFn }), 1);
}

export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return 'That key was not accepted. Use one of the ADMIN_API_KEYS printed on the first start (and kept in .env).';
  }
  return `The key could not be checked. ${describeError(error)}`;
}
