import { LEAD_SORTS, type LeadSort } from '@lead-scoring/contracts';
import { RefreshCw, Search, Trophy, X } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { useAppConfig } from '../app/app-config-context';
import { Button } from '../components/Button';
import { PagerNav } from '../components/PagerNav';
import { INPUT, LABEL } from '../components/form-styles';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, StaleWarning } from '../components/States';
import { useCompanies, useGradeCounts, useLeadList, useSettings } from '../hooks/queries';
import { LeaderboardTable } from '../leaderboard/LeaderboardTable';
import {
  DEFAULT_FILTERS,
  filtersOfQuery,
  FIRST_PAGE,
  type LeadListFilters,
  listParams,
  nextPage,
  PAGE_SIZES,
  type Pager,
  previousPage,
  queryOfFilters,
  rangeLabel,
  rankOf,
  SORT_LABELS,
} from '../leaderboard/lead-list-state';
import { useLeadHighlights } from '../leaderboard/useLeadHighlights';
import { cx } from '../lib/cx';
import { useDebounced } from '../lib/useDebounced';
import { allGrades, gradeLabels } from '../lib/grades';
import { useNow } from '../lib/useNow';
import { replaceHashQuery, useHashQuery } from '../routing/useRoute';
import { SampleDataButton } from '../upload/SampleDataButton';

export default function LeaderboardPage() {
  const { apiBaseUrl } = useAppConfig();
  // The filters live in the URL (#/leads?grade=A1): links from other pages, reloads and shared addresses keep them.
  const query = useHashQuery();
  const filters = useMemo(() => filtersOfQuery(query), [query]);
  const filtersKey = JSON.stringify(filters);
  // The page within the list is not in the URL (cursors expire); any filter change starts from the first page.
  const [paging, setPaging] = useState<{ key: string; pager: Pager }>({ key: filtersKey, pager: FIRST_PAGE });
  const pager = paging.key === filtersKey ? paging.pager : FIRST_PAGE;
  const setPager = (next: (current: Pager) => Pager) => setPaging({ key: filtersKey, pager: next(pager) });
  const q = useDebounced(filters.q, 300);
  const params = useMemo(() => listParams({ ...filters, q }, pager), [filters, q, pager]);
  const leads = useLeadList(params);
  const highlighted = useLeadHighlights();
  const now = useNow();
  const { data, error, isPending, isError, isFetching, refetch } = leads;
  const filtered = Boolean(params.q || params.stage || params.company || params.grade);

  const update = (change: Partial<LeadListFilters>) => replaceHashQuery(queryOfFilters({ ...filters, ...change }));

  const rows = useMemo(() => (data?.items ?? []).map((lead, index) => ({ ...lead, rank: rankOf(pager, params.limit, index) })), [data, pager, params.limit]);

  return (
    <section aria-labelledby="leaderboard-title" className="space-y-4">
      <PageHeader
        titleId="leaderboard-title"
        icon={Trophy}
        title="Leaderboard"
        subtitle={
          data
            ? `${data.total} lead${data.total === 1 ? '' : 's'}${params.grade ? ` of grade ${params.grade}` : ''}${filtered ? ' match the filters' : ''} · ranks update live`
            : 'Every lead, ranked live'
        }
        actions={
          <Button onClick={() => void refetch()} disabled={isFetching} aria-label="Refresh the leaderboard">
            <RefreshCw aria-hidden="true" className={cx('size-4', isFetching && 'motion-safe:animate-spin')} />
            Refresh
          </Button>
        }
      />

      <LeadFilters filters={filters} onChange={update} />

      {isError && data && <StaleWarning what="leads" error={error} />}

      {isPending ? (
        <LoadingState label="Loading the leaderboard…" />
      ) : !data ? (
        <ErrorState title="The leaderboard could not be loaded" error={error} onRetry={() => void refetch()} retrying={isFetching} />
      ) : data.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No lead matches these filters">
            <Button className="mt-2" onClick={() => update(DEFAULT_FILTERS)}>
              <X aria-hidden="true" className="size-4" /> Clear the filters
            </Button>
          </EmptyState>
        ) : (
          <EmptyState title="No leads scored yet">
            <p>
              Send an event to <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">POST {apiBaseUrl}/api/events</code>, upload a CSV, or load
              the sample data: leads appear here as soon as they are scored.
            </p>
            <SampleDataButton className="mt-3" />
          </EmptyState>
        )
      ) : (
        <>
          <LeaderboardTable
            items={rows}
            highlighted={highlighted}
            now={now}
            caption={`Leads sorted by ${SORT_LABELS[params.sort].toLowerCase()}`}
          />
          <PagerNav
            range={rangeLabel(pager, params.limit, data.items.length, data.total)}
            hasPrevious={pager.page > 0}
            hasNext={!!data.next_cursor}
            onPrevious={() => setPager(previousPage)}
            onNext={() => setPager((current) => nextPage(current, data.next_cursor))}
            testIds={{ range: 'leaderboard-range', previous: 'page-previous', next: 'page-next' }}
          />
        </>
      )}
    </section>
  );
}

function LeadFilters({ filters, onChange }: { filters: LeadListFilters; onChange(change: Partial<LeadListFilters>): void }) {
  const id = useId();
  const settings = useSettings();
  const companies = useCompanies(100);
  const gradeCounts = useGradeCounts();
  const stages = settings.data?.stages.map((stage) => stage.name) ?? ['cold', 'warm', 'hot', 'qualified'];
  const counts = new Map((gradeCounts.data?.items ?? []).map((item) => [item.grade, item.count]));
  const grades = allGrades(gradeLabels(settings.data?.grades));
  // A grade from a link that the settings no longer have stays selectable, so the select shows what is filtered.
  if (filters.grade && !grades.includes(filters.grade)) grades.push(filters.grade);
  return (
    <div role="search" className="grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm lg:grid-cols-[2fr_1fr_0.8fr_1.3fr_1.3fr_0.7fr]">
      <div className="col-span-2 lg:col-span-1">
        <label htmlFor={`${id}-q`} className={LABEL}>
          Search
        </label>
        <div className="relative mt-1">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
          <input
            id={`${id}-q`}
            data-testid="filter-search"
            type="search"
            placeholder="Name, email or company"
            value={filters.q}
            onChange={(event) => onChange({ q: event.target.value })}
            className={cx(INPUT, 'pl-9')}
          />
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-stage`} className={LABEL}>
          Stage
        </label>
        <select id={`${id}-stage`} data-testid="filter-stage" value={filters.stage} onChange={(event) => onChange({ stage: event.target.value })} className={cx(INPUT, 'mt-1')}>
          <option value="">All stages</option>
          {stages.map((stage) => (
            <option key={stage} value={stage}>
              {stage}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-grade`} className={LABEL}>
          Grade
        </label>
        <select id={`${id}-grade`} data-testid="filter-grade" value={filters.grade} onChange={(event) => onChange({ grade: event.target.value })} className={cx(INPUT, 'mt-1')}>
          <option value="">All grades</option>
          {grades.map((grade) => (
            <option key={grade} value={grade}>
              {grade}
              {counts.has(grade) ? ` (${counts.get(grade)})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-company`} className={LABEL}>
          Company
        </label>
        <select
          id={`${id}-company`}
          data-testid="filter-company"
          value={filters.company}
          onChange={(event) => onChange({ company: event.target.value })}
          className={cx(INPUT, 'mt-1')}
        >
          <option value="">All companies</option>
          {(companies.data?.items ?? []).map((company) => (
            <option key={company.company} value={company.company}>
              {company.company} ({company.leads})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-sort`} className={LABEL}>
          Sort
        </label>
        <select
          id={`${id}-sort`}
          data-testid="filter-sort"
          value={filters.sort}
          onChange={(event) => onChange({ sort: event.target.value as LeadSort })}
          className={cx(INPUT, 'mt-1')}
        >
          {LEAD_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-size`} className={LABEL}>
          Per page
        </label>
        <select id={`${id}-size`} value={filters.limit} onChange={(event) => onChange({ limit: Number(event.target.value) })} className={cx(INPUT, 'mt-1')}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
