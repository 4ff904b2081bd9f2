import type { LeaderboardResponse } from '@lead-scoring/contracts';
import { type ApiClient, ApiError } from './client';

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
