import type { RecomputeProgress } from '@lead-scoring/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { newerRecompute } from '../realtime/live-invalidation';

/**
 * A mutation that changes the ruleset: the answer carries the new `ruleset_version`, so the recompute bar shows a
 * run for that version at once (the socket and the fallback poll then move it on).
 */
export function useRulesetChange<TInput, TResult extends { ruleset_version: number }>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result) => {
      const previous = queryClient.getQueryData<RecomputeProgress>(queryKeys.recompute());
      const started: RecomputeProgress = { version: result.ruleset_version, state: 'running', processed: 0, total: previous?.total ?? 0 };
      queryClient.setQueryData(queryKeys.recompute(), newerRecompute(previous, started));
      void queryClient.invalidateQueries({ queryKey: queryKeys.rules() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.settings() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.recompute() });
    },
  });
}
