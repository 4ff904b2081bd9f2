import type { ActivityBucketSize, DeliveryStatus, LeadSort, TriggerCondition } from '@lead-scoring/contracts';

export interface LeadListParams {
  sort: LeadSort;
  stage: string;
  company: string;
  /** A grade such as A1; empty for every grade. */
  grade: string;
  q: string;
  limit: number;
  cursor: string | null;
}

/** Sort keys of `GET /api/accounts` (`-` prefix: descending). */
export const ACCOUNT_SORTS = ['-score', 'score', '-leads', 'account'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface AccountListParams {
  sort: AccountSort;
  limit: number;
  cursor: string | null;
}

export interface ActivityParams {
  from?: string;
  to?: string;
  bucket?: ActivityBucketSize;
}

/**
 * Every query key of the dashboard. The first element groups them, so a socket event can invalidate a whole
 * family (every page of the lead list, every lead's history) with one prefix.
 */
export const queryKeys = {
  leaderboard: (limit: number) => ['leaderboard', { limit }] as const,
  leads: (params: LeadListParams) => ['leads', params] as const,
  lead: (id: string) => ['lead', id] as const,
  leadHistory: (id: string) => ['lead', id, 'history'] as const,
  leadEvents: (id: string) => ['lead', id, 'events'] as const,
  summary: () => ['analytics', 'summary'] as const,
  activity: (params: ActivityParams) => ['analytics', 'activity', params] as const,
  companies: (limit: number) => ['analytics', 'companies', { limit }] as const,
  scoreDistribution: () => ['analytics', 'score-distribution'] as const,
  grades: () => ['analytics', 'grades'] as const,
  // Both the list and each account's page are in the `accounts` family: one `account.updated` refreshes them all.
  accounts: (params: AccountListParams) => ['accounts', 'list', params] as const,
  account: (account: string) => ['accounts', 'detail', account] as const,
  rules: () => ['rules'] as const,
  settings: () => ['settings'] as const,
  recompute: () => ['recompute'] as const,
  upload: (id: string) => ['upload', id] as const,
  queues: () => ['system', 'queues'] as const,
  triggers: () => ['triggers'] as const,
  // Both lists of deliveries share the `deliveries` family, so one `delivery.updated` push refreshes them all.
  deliveries: (triggerId: string, status: DeliveryStatus | null) => ['deliveries', 'trigger', triggerId, { status }] as const,
  leadFirings: (leadId: string) => ['deliveries', 'lead', leadId] as const,
  triggerPreview: (condition: TriggerCondition) => ['trigger-preview', condition] as const,
};

/** Families that a scored lead change can make stale (an account's page lists its leads). */
export const LEAD_CHANGE_FAMILIES = [['leaderboard'], ['leads'], ['lead'], ['analytics'], ['system'], ['accounts']] as const;
