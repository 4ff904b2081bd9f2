import type { LeaderboardResponse } from '@lead-scoring/contracts';
import { type ApiClient, ApiError } from './client';

/** How many leads the leaderboard page shows (the API caps `limit` at 100). */
export const LEADERBOARD_LIMIT = 50;

/** Every leaderboard query starts with this key, so live updates can invalidate all of them at once. */
export const LEADERBOARD_QUERY_ROOT = ['leaderboard'] as const;

export function leaderboardQueryKey(limit: number) {
  return [...LEADERBOARD_QUERY_ROOT, { limit }] as const;
}

export async function fetchLeaderboard(client: ApiClient, limit: number, signal?: AbortSignal): Promise<LeaderboardResponse> {
  const body = await client.get<unknown>('/api/leaderboard', { query: { limit }, signal });
  return parseLeaderboard(body);
}

/** Guards the one shape the page renders, so a wrong gateway URL shows an error rather than a broken table. */
export function parseLeaderboard(body: unknown): LeaderboardResponse {
  const items = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['items'] : undefined;
  if (!Array.isArray(items)) {
    throw new ApiError(200, 'invalid_response', 'The leaderboard answer has no items list; is VITE_REALTIME_URL right?');
  }
  const version = (body as Record<string, unknown>)['ruleset_version'];
  return { items, ruleset_version: typeof version === 'number' ? version : 0 };
}
