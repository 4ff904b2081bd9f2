import type { DeliveryStatus, TriggerCondition } from '@lead-scoring/contracts';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApiClients } from '../api/api-clients-context';
import { type AccountListParams, type ActivityParams, type LeadListParams, queryKeys } from '../api/query-keys';
import {
  fetchAccount,
  fetchAccounts,
  fetchActivity,
  fetchCompanies,
  fetchGradeCounts,
  fetchLead,
  fetchLeadEvents,
  fetchLeadHistory,
  fetchLeads,
  fetchQueues,
  fetchScoreDistribution,
  fetchSummary,
} from '../api/reads';
import { fetchLeaderboard } from '../api/leaderboard';
import { fetchDeliveries, fetchLeadFirings, fetchTriggers, previewTrigger } from '../api/triggers';
import { fetchRecompute, fetchRules, fetchSettings, fetchUpload } from '../api/writes';

// Queries of every page. None polls on a timer: useLiveInvalidation refetches them when the gateway pushes a change.

export function useLeaderboardTop(limit: number) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.leaderboard(limit), queryFn: ({ signal }) => fetchLeaderboard(realtime, limit, signal) });
}

export function useLeadList(params: LeadListParams) {
  const { realtime } = useApiClients();
  // keepPreviousData: a filter change or a live refetch keeps the table on screen instead of flashing a spinner.
  return useQuery({ queryKey: queryKeys.leads(params), queryFn: ({ signal }) => fetchLeads(realtime, params, signal), placeholderData: keepPreviousData });
}

export function useLead(id: string) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.lead(id), queryFn: ({ signal }) => fetchLead(realtime, id, signal) });
}

export function useLeadHistory(id: string) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.leadHistory(id), queryFn: ({ signal }) => fetchLeadHistory(realtime, id, signal) });
}

export function useLeadEvents(id: string) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.leadEvents(id), queryFn: ({ signal }) => fetchLeadEvents(realtime, id, signal) });
}

export function useSummary() {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.summary(), queryFn: ({ signal }) => fetchSummary(realtime, signal) });
}

export function useActivity(params: ActivityParams) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.activity(params), queryFn: ({ signal }) => fetchActivity(realtime, params, signal), placeholderData: keepPreviousData });
}

export function useCompanies(limit: number) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.companies(limit), queryFn: ({ signal }) => fetchCompanies(realtime, limit, signal) });
}

export function useScoreDistribution() {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.scoreDistribution(), queryFn: ({ signal }) => fetchScoreDistribution(realtime, signal) });
}

/** Leads per grade (the overview's fit x engagement grid, the lead list's grade filter). */
export function useGradeCounts() {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.grades(), queryFn: ({ signal }) => fetchGradeCounts(realtime, signal) });
}

export function useAccounts(params: AccountListParams) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.accounts(params), queryFn: ({ signal }) => fetchAccounts(realtime, params, signal), placeholderData: keepPreviousData });
}

export function useAccount(account: string) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.account(account), queryFn: ({ signal }) => fetchAccount(realtime, account, signal) });
}

export function useQueues() {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.queues(), queryFn: ({ signal }) => fetchQueues(realtime, signal) });
}

export function useRules() {
  const { ingestion } = useApiClients();
  return useQuery({ queryKey: queryKeys.rules(), queryFn: ({ signal }) => fetchRules(ingestion, signal) });
}

export function useSettings() {
  const { ingestion } = useApiClients();
  return useQuery({ queryKey: queryKeys.settings(), queryFn: ({ signal }) => fetchSettings(ingestion, signal), staleTime: 60_000 });
}

/**
 * The recompute's progress. Socket.io `recompute.progress` writes into this query; while a recompute runs it is
 * also polled every second, as a fallback for a missed push (the one polling the brief allows).
 */
export function useRecompute() {
  const { ingestion } = useApiClients();
  return useQuery({
    queryKey: queryKeys.recompute(),
    queryFn: ({ signal }) => fetchRecompute(ingestion, signal),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 1000 : false),
  });
}

/** An upload's progress: pushed by `upload.progress`, polled while it runs as a fallback. */
export function useUploadProgress(id: string | null) {
  const { ingestion } = useApiClients();
  return useQuery({
    queryKey: queryKeys.upload(id ?? ''),
    queryFn: ({ signal }) => fetchUpload(ingestion, id ?? '', signal),
    enabled: id !== null,
    retry: (count, error) => count < 5 && (error as { status?: number }).status === 404,
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state === 'done' || state === 'failed' ? false : 1000;
    },
  });
}

export function useTriggers() {
  const { ingestion } = useApiClients();
  return useQuery({ queryKey: queryKeys.triggers(), queryFn: ({ signal }) => fetchTriggers(ingestion, signal) });
}

/** The deliveries of one trigger, newest first, a page at a time (`fetchNextPage` follows `next_cursor`). */
export function useTriggerDeliveries(triggerId: string, status: DeliveryStatus | null, pageSize = 25) {
  const { ingestion } = useApiClients();
  return useInfiniteQuery({
    queryKey: queryKeys.deliveries(triggerId, status),
    queryFn: ({ pageParam, signal }) => fetchDeliveries(ingestion, triggerId, { status: status ?? undefined, cursor: pageParam, limit: pageSize }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    // No placeholder across tabs: rows of another status must not show under this one while it loads.
  });
}

/** Every trigger's firings for one lead, newest first (realtime gateway). */
export function useLeadFirings(leadId: string) {
  const { realtime } = useApiClients();
  return useQuery({ queryKey: queryKeys.leadFirings(leadId), queryFn: ({ signal }) => fetchLeadFirings(realtime, leadId, signal) });
}

/**
 * How many leads are past a condition's line now. A POST that changes nothing, read like a query; `condition` null
 * (the form is not valid yet) asks nothing. The previous answer stays on screen while the next one loads.
 */
export function useTriggerPreview(condition: TriggerCondition | null) {
  const { ingestion } = useApiClients();
  return useQuery({
    queryKey: condition ? queryKeys.triggerPreview(condition) : ['trigger-preview', null],
    queryFn: ({ signal }) => previewTrigger(ingestion, condition as TriggerCondition, signal),
    enabled: condition !== null,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
