import type { LeadDetail } from '@lead-scoring/contracts';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { queryKeys } from '../api/query-keys';
import { fetchLead } from '../api/reads';
import { useLeaderboardTop } from '../hooks/queries';
import { traitKeySuggestions } from './rule-form';

/** How many of the best leads are read for their trait keys when nothing else has loaded a lead yet. */
const SAMPLED_LEADS = 3;

/**
 * Trait keys to suggest in a fit rule's conditions: the default ones, every key of the lead details this session
 * has loaded, and those of the top leads of the leaderboard (read only while `enabled`, i.e. for a fit rule).
 * No endpoint lists trait keys: the leads themselves are the source.
 */
export function useTraitKeys(enabled: boolean): string[] {
  const { realtime } = useApiClients();
  const queryClient = useQueryClient();
  const top = useLeaderboardTop(SAMPLED_LEADS);
  const ids = enabled ? (top.data?.items ?? []).map((item) => item.lead_id) : [];
  const sampled = useQueries({
    queries: ids.map((id) => ({ queryKey: queryKeys.lead(id), queryFn: ({ signal }: { signal: AbortSignal }) => fetchLead(realtime, id, signal), staleTime: 60_000 })),
  });
  const sampledTraits = sampled.map((query) => query.data?.traits);
  const key = JSON.stringify(sampledTraits.map((traits) => Object.keys(traits ?? {})));
  return useMemo(() => {
    const cached = queryClient
      .getQueriesData<LeadDetail | unknown>({ queryKey: ['lead'] })
      .map(([, data]) => (data && typeof data === 'object' && 'traits' in data ? (data as LeadDetail).traits : undefined));
    return traitKeySuggestions([...cached, ...sampledTraits]);
    // The sampled traits are compared by their keys: a refetch with the same keys changes nothing here.
  }, [queryClient, key]);
}
