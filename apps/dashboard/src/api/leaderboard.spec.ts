import { ApiError, type ApiClient } from './client';
import { fetchLeaderboard, LEADERBOARD_QUERY_ROOT, leaderboardQueryKey, parseLeaderboard } from './leaderboard';

describe('leaderboardQueryKey', () => {
  it('starts with the root key that live updates invalidate', () => {
    const key = leaderboardQueryKey(50);
    expect(key.slice(0, LEADERBOARD_QUERY_ROOT.length)).toEqual([...LEADERBOARD_QUERY_ROOT]);
    expect(key).toEqual(['leaderboard', { limit: 50 }]);
  });
});

describe('parseLeaderboard', () => {
  it('accepts the SPEC shape', () => {
    const item = {
      rank: 1, lead_id: 'l1', email: 'a@b.co', name: 'A', company: 'b.co', score: 120, stage: 'hot', last_event_at: null,
    };
    expect(parseLeaderboard({ items: [item], ruleset_version: 3 })).toEqual({ items: [item], ruleset_version: 3 });
  });

  it('rejects a body without an items list', () => {
    expect(() => parseLeaderboard({ leads: [] })).toThrow(ApiError);
    expect(() => parseLeaderboard(undefined)).toThrow(/no items list/);
  });
});

describe('fetchLeaderboard', () => {
  it('asks the realtime gateway for the given number of leads', async () => {
    const get = jest.fn().mockResolvedValue({ items: [], ruleset_version: 1 });
    const client: ApiClient = { baseUrl: 'http://h', get };

    await expect(fetchLeaderboard(client, 50)).resolves.toEqual({ items: [], ruleset_version: 1 });
    expect(get).toHaveBeenCalledWith('/api/leaderboard', { query: { limit: 50 }, signal: undefined });
  });
});
