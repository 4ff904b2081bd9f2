import type {
  Delivery,
  DeliveryStatus,
  Page,
  Trigger,
  TriggerCondition,
  TriggerFormat,
  TriggerPreview,
  TriggerTestResult,
  TriggerWithSecret,
} from '@lead-scoring/contracts';
import { type ApiClient, ApiError } from './client';

// Triggers live on the ingestion gateway (like the rules); a lead's firings are read from the realtime gateway.

export interface TriggerInput {
  name: string;
  condition: TriggerCondition;
  url: string;
  format: TriggerFormat;
  active: boolean;
}

export interface DeliveryListParams {
  /** Undefined: every status. */
  status?: DeliveryStatus;
  cursor?: string | null;
  limit?: number;
}

/** Throws when a list answer has no `items` array, e.g. an older gateway without the endpoint answering otherwise. */
function requireItems<T extends { items?: unknown }>(body: T, what: string): T {
  if (!Array.isArray(body?.items)) throw new ApiError(200, 'invalid_response', `The ${what} answer has no items list.`);
  return body;
}

const triggerPath = (id: string) => `/api/triggers/${encodeURIComponent(id)}`;

export const fetchTriggers = async (client: ApiClient, signal?: AbortSignal) =>
  requireItems(await client.get<{ items: Trigger[] }>('/api/triggers', { signal }), 'trigger list');

export const createTrigger = (client: ApiClient, input: TriggerInput) => client.send<TriggerWithSecret>('POST', '/api/triggers', input);

export const updateTrigger = (client: ApiClient, id: string, patch: Partial<TriggerInput>) => client.send<Trigger>('PATCH', triggerPath(id), patch);

export const deleteTrigger = (client: ApiClient, id: string) => client.send<{ deleted: string }>('DELETE', triggerPath(id));

export const rotateTriggerSecret = (client: ApiClient, id: string) => client.send<TriggerWithSecret>('POST', `${triggerPath(id)}/rotate-secret`);

export const testTrigger = (client: ApiClient, id: string) => client.send<TriggerTestResult>('POST', `${triggerPath(id)}/test`);

export const previewTrigger = (client: ApiClient, condition: TriggerCondition, signal?: AbortSignal) =>
  client.send<TriggerPreview>('POST', '/api/triggers/preview', { condition }, { signal });

export const fetchDeliveries = async (client: ApiClient, triggerId: string, params: DeliveryListParams, signal?: AbortSignal) =>
  requireItems(await client.get<Page<Delivery>>(`${triggerPath(triggerId)}/deliveries`, { query: { ...params }, signal }), 'delivery list');

export const retryDelivery = (client: ApiClient, id: string) => client.send<Delivery>('POST', `/api/deliveries/${encodeURIComponent(id)}/retry`);

export const fetchLeadFirings = async (client: ApiClient, leadId: string, signal?: AbortSignal) =>
  requireItems(await client.get<{ items: Delivery[] }>(`/api/leads/${encodeURIComponent(leadId)}/firings`, { signal }), 'firings');
