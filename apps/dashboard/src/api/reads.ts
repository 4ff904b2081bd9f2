import type {
  AccountDetail,
  AccountsPage,
  ActivityTrend,
  AnalyticsSummary,
  CompanyDistribution,
  GradeCounts,
  HistoryEntry,
  LeadDetail,
  LeadEventView,
  LeadsPage,
  Page,
  QueuesStatus,
  ScoreDistribution,
} from '@lead-scoring/contracts';
import { type ApiClient, ApiError } from './client';
import type { AccountListParams, ActivityParams, LeadListParams } from './query-keys';

/** Throws when a list answer has no `items` array, e.g. a wrong gateway URL answering with something else. */
function requireItems<T extends { items?: unknown }>(body: T, what: string): T {
  if (!Array.isArray(body?.items)) throw new ApiError(200, 'invalid_response', `The ${what} answer has no items list.`);
  return body;
}

export async function fetchLeads(client: ApiClient, params: LeadListParams, signal?: AbortSignal): Promise<LeadsPage> {
  const body = await client.get<LeadsPage>('/api/leads', { query: { ...params }, signal });
  return requireItems(body, 'lead list');
}

const leadPath = (id: string) => `/api/leads/${encodeURIComponent(id)}`;

export function fetchLead(client: ApiClient, id: string, signal?: AbortSignal): Promise<LeadDetail> {
  return client.get<LeadDetail>(leadPath(id), { signal });
}

/** The largest page the history and events endpoints serve; a lead's whole story rarely needs more than a few. */
const PAGE_LIMIT = 200;
/** A guard against a server that keeps returning a cursor: the detail shows at most this many entries. */
const MAX_PAGES = 25;

/** Follows `next_cursor` to the end (bounded), so the chart and the table cover the whole history. */
async function fetchAllPages<T>(client: ApiClient, path: string, what: string, signal?: AbortSignal): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body: Partial<Page<T>> = requireItems(await client.get<Partial<Page<T>>>(path, { query: { limit: PAGE_LIMIT, cursor }, signal }), what);
    items.push(...(body.items as T[]));
    cursor = body.next_cursor ?? null;
    if (!cursor) return { items, truncated: false };
  }
  return { items, truncated: true };
}

export function fetchLeadHistory(client: ApiClient, id: string, signal?: AbortSignal) {
  return fetchAllPages<HistoryEntry>(client, `${leadPath(id)}/history`, 'history', signal);
}

export function fetchLeadEvents(client: ApiClient, id: string, signal?: AbortSignal) {
  return fetchAllPages<LeadEventView>(client, `${leadPath(id)}/events`, 'events', signal);
}

export function fetchSummary(client: ApiClient, signal?: AbortSignal): Promise<AnalyticsSummary> {
  return client.get<AnalyticsSummary>('/api/analytics/summary', { signal });
}

export function fetchActivity(client: ApiClient, params: ActivityParams, signal?: AbortSignal): Promise<ActivityTrend> {
  return client.get<ActivityTrend>('/api/analytics/activity', { query: { ...params }, signal });
}

export async function fetchCompanies(client: ApiClient, limit: number, signal?: AbortSignal): Promise<CompanyDistribution> {
  return requireItems(await client.get<CompanyDistribution>('/api/analytics/companies', { query: { limit }, signal }), 'companies');
}

export function fetchScoreDistribution(client: ApiClient, signal?: AbortSignal): Promise<ScoreDistribution> {
  return client.get<ScoreDistribution>('/api/analytics/score-distribution', { signal });
}

/** `GET /api/analytics/grades`: leads per grade, every fit x engagement pair of the settings. */
export async function fetchGradeCounts(client: ApiClient, signal?: AbortSignal): Promise<GradeCounts> {
  const body = requireItems(await client.get<GradeCounts>('/api/analytics/grades', { signal }), 'grade counts');
  if (!Array.isArray(body.fit_labels) || !Array.isArray(body.engagement_labels)) throw new ApiError(200, 'invalid_response', 'The grade counts answer has no labels.');
  return body;
}

export async function fetchAccounts(client: ApiClient, params: AccountListParams, signal?: AbortSignal): Promise<AccountsPage> {
  return requireItems(await client.get<AccountsPage>('/api/accounts', { query: { ...params }, signal }), 'account list');
}

export async function fetchAccount(client: ApiClient, account: string, signal?: AbortSignal): Promise<AccountDetail> {
  const body = await client.get<AccountDetail>(`/api/accounts/${encodeURIComponent(account)}`, { signal });
  if (!Array.isArray(body?.lead_items)) throw new ApiError(200, 'invalid_response', 'The account answer has no lead list.');
  return { ...body, score_history: Array.isArray(body.score_history) ? body.score_history : [] };
}

export function fetchQueues(client: ApiClient, signal?: AbortSignal): Promise<QueuesStatus> {
  return client.get<QueuesStatus>('/api/system/queues', { signal });
}
