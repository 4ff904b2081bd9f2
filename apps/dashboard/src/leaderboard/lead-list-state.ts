import { LEAD_SORTS, type LeadSort } from '@lead-scoring/contracts';
import type { LeadListParams } from '../api/query-keys';

export const PAGE_SIZES = [25, 50, 100] as const;

export const SORT_LABELS: Readonly<Record<LeadSort, string>> = {
  '-score': 'Score, highest first',
  score: 'Score, lowest first',
  '-last_event_at': 'Latest activity first',
  last_event_at: 'Oldest activity first',
  name: 'Name A–Z',
  '-name': 'Name Z–A',
  email: 'Email A–Z',
  '-email': 'Email Z–A',
};

export interface LeadListFilters {
  sort: LeadSort;
  stage: string;
  company: string;
  grade: string;
  q: string;
  limit: number;
}

export const DEFAULT_FILTERS: LeadListFilters = { sort: '-score', stage: '', company: '', grade: '', q: '', limit: 25 };

/**
 * The filters kept in the URL (`#/leads?grade=A1&stage=hot`), so a link (the overview's grade grid), a reload or a
 * shared address opens the same list. Unknown or malformed values fall back to the defaults.
 */
export function filtersOfQuery(query: URLSearchParams): LeadListFilters {
  const text = (key: string, max: number) => (query.get(key) ?? '').slice(0, max);
  const sort = query.get('sort') as LeadSort | null;
  const limit = Number(query.get('limit'));
  return {
    sort: sort && (LEAD_SORTS as readonly string[]).includes(sort) ? sort : DEFAULT_FILTERS.sort,
    stage: text('stage', 64),
    company: text('company', 200),
    grade: text('grade', 6),
    q: text('q', 200),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_FILTERS.limit,
  };
}

/** The URL query of the filters: only what differs from the defaults. */
export function queryOfFilters(filters: LeadListFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of ['grade', 'stage', 'company', 'q'] as const) if (filters[key]) query[key] = filters[key];
  if (filters.sort !== DEFAULT_FILTERS.sort) query['sort'] = filters.sort;
  if (filters.limit !== DEFAULT_FILTERS.limit) query['limit'] = String(filters.limit);
  return query;
}

/** The lead list's address with these filters, e.g. `#/leads?grade=A1` for a cell of the grade grid. */
export function leadListHref(filters: Partial<LeadListFilters>): string {
  const query = new URLSearchParams(queryOfFilters({ ...DEFAULT_FILTERS, ...filters })).toString();
  return query ? `#/leads?${query}` : '#/leads';
}

/**
 * Cursor pagination: the API gives only a `next_cursor`, so the cursors of the pages visited so far are kept to
 * go back. Any filter change starts again from the first page.
 */
export interface Pager {
  /** cursors[i] fetches page i; cursors[0] is null. */
  cursors: (string | null)[];
  page: number;
}

export const FIRST_PAGE: Pager = { cursors: [null], page: 0 };

export function nextPage(pager: Pager, nextCursor: string | null): Pager {
  if (!nextCursor) return pager;
  const cursors = pager.cursors.slice(0, pager.page + 1);
  cursors.push(nextCursor);
  return { cursors, page: pager.page + 1 };
}

export function previousPage(pager: Pager): Pager {
  return pager.page === 0 ? pager : { cursors: pager.cursors, page: pager.page - 1 };
}

export function listParams(filters: LeadListFilters, pager: Pager): LeadListParams {
  return { ...filters, q: filters.q.trim(), cursor: pager.cursors[pager.page] ?? null };
}

/** The rank of the i-th row of a page: its position in the whole ordered, filtered list. */
export function rankOf(pager: Pager, limit: number, index: number): number {
  return pager.page * limit + index + 1;
}

/** "26–50 of 312" */
export function rangeLabel(pager: Pager, limit: number, shown: number, total: number): string {
  if (shown === 0) return `0 of ${total}`;
  const first = pager.page * limit + 1;
  return `${first}–${first + shown - 1} of ${total}`;
}
