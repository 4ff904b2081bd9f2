import { useQuery } from '@tanstack/react-query';
import { useApiClients } from '../api/api-clients-context';
import { fetchLeaderboard, LEADERBOARD_LIMIT, leaderboardQueryKey } from '../api/leaderboard';

export function useLeaderboard(limit = LEADERBOARD_LIMIT) {
  const { realtime } = useApiClients();
  return useQuery({
    queryKey: leaderboardQueryKey(limit),
    queryFn: ({ signal }) => fetchLeaderboard(realtime, limit, signal),
  });
}
