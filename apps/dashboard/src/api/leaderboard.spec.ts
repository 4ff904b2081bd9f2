import { ApiError, type ApiClient } from './client';
import { fetchLeaderboard, parseLeaderboard } from './leaderboard';
import { LEAD_CHANGE_FAMILIES, queryKeys } from './query-keys';

describe('query keys', () => {
  it('start with a family that a lead change invalidates', () => {
    const families = LEAD_CHANGE_FAMILIES.map((family) => family[0]);
    for (const key of [queryKeys.leaderboard(50), queryKeys.lead('ld_1'), queryKeys.leadHistory('ld_1'), queryKeys.summary(), queryKeys.queues()]) {
      expect(families).toContain(key[0]);
    }
    expect(queryKeys.leaderboard(50)).toEqual(['leaderboard', { limit: 50 }]);
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
    const client: ApiClient = { baseUrl: 'http://h', apiKey: 'k', get, send: jest.fn() };

    await expect(fetchLeaderboard(client, 50)).resolves.toEqual({ items: [], ruleset_version: 1 });
    expect(get).toHaveBeenCalledWith('/api/leaderboard', { query: { limit: 50 }, signal: undefined });
  });
});
