import type { LeadSort } from '@lead-scoring/contracts';
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
  q: string;
  limit: number;
}

export const DEFAULT_FILTERS: LeadListFilters = { sort: '-score', stage: '', company: '', q: '', limit: 25 };

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
