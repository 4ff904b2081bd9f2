import type { RecomputeProgress, RuleCondition, ScoringRule, ScoringSettings, UploadProgress, UploadResult } from '@lead-scoring/contracts';
import type { ApiClient } from './client';

export type RuleInput = Omit<ScoringRule, 'id'>;
type WithVersion<T> = T & { ruleset_version: number };

export interface EventInput {
  event_type: string;
  event_id?: string;
  source?: string;
  timestamp?: string;
  metadata: Record<string, unknown>;
}

export interface EventAnswer {
  event_id: string;
  status: 'accepted' | 'duplicate';
}

export const fetchRules = (client: ApiClient, signal?: AbortSignal) =>
  client.get<{ items: ScoringRule[]; ruleset_version: number }>('/api/rules', { signal });
export const createRule = (client: ApiClient, rule: RuleInput) => client.send<WithVersion<ScoringRule>>('POST', '/api/rules', rule);
export const updateRule = (client: ApiClient, id: string, patch: Partial<RuleInput>) =>
  client.send<WithVersion<ScoringRule>>('PATCH', `/api/rules/${encodeURIComponent(id)}`, patch);
export const deleteRule = (client: ApiClient, id: string) =>
  client.send<{ deleted: string; ruleset_version: number }>('DELETE', `/api/rules/${encodeURIComponent(id)}`);

export const fetchSettings = (client: ApiClient, signal?: AbortSignal) =>
  client.get<WithVersion<ScoringSettings>>('/api/settings', { signal });
export const putSettings = (client: ApiClient, settings: ScoringSettings) =>
  client.send<WithVersion<ScoringSettings>>('PUT', '/api/settings', settings);

export const fetchRecompute = (client: ApiClient, signal?: AbortSignal) => client.get<RecomputeProgress>('/api/rules/recompute', { signal });

export const postEvent = (client: ApiClient, event: EventInput) => client.send<EventAnswer>('POST', '/api/events', event);

export const fetchUpload = (client: ApiClient, id: string, signal?: AbortSignal) =>
  client.get<UploadProgress & { errors: UploadResult['errors'] }>(`/api/uploads/${encodeURIComponent(id)}`, { signal });

export const retryFailedJobs = (client: ApiClient) => client.send<{ retried: number }>('POST', '/api/system/queues/retry-failed');

export type { RuleCondition };
