import { Building2, RefreshCw } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { ACCOUNT_SORT_LABELS, strategySentence } from '../accounts/account-view';
import { AccountsTable } from '../accounts/AccountsTable';
import { useAccountHighlights } from '../accounts/useAccountHighlights';
import { ACCOUNT_SORTS, type AccountSort } from '../api/query-keys';
import { Button } from '../components/Button';
import { PagerNav } from '../components/PagerNav';
import { INPUT, LABEL } from '../components/form-styles';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, StaleWarning } from '../components/States';
import { useAccounts, useSettings } from '../hooks/queries';
import { FIRST_PAGE, nextPage, type Pager, previousPage, rangeLabel, rankOf } from '../leaderboard/lead-list-state';
import { cx } from '../lib/cx';
import { SampleDataButton } from '../upload/SampleDataButton';

const PAGE_SIZE = 25;

/** Companies ranked by the score of their leads together, live: `account.updated` refreshes the list. */
export default function AccountsPage() {
  const id = useId();
  const settings = useSettings();
  const [sort, setSort] = useState<AccountSort>('-score');
  const [pager, setPager] = useState<Pager>(FIRST_PAGE);
  const params = useMemo(() => ({ sort, limit: PAGE_SIZE, cursor: pager.cursors[pager.page] ?? null }), [sort, pager]);
  const accounts = useAccounts(params);
  const highlighted = useAccountHighlights();
  const { data, error, isPending, isError, isFetching, refetch } = accounts;
  const rows = useMemo(() => (data?.items ?? []).map((account, index) => ({ ...account, rank: rankOf(pager, PAGE_SIZE, index) })), [data, pager]);

  return (
    <section aria-labelledby="accounts-title" className="space-y-4">
      <PageHeader
        titleId="accounts-title"
        icon={Building2}
        title="Accounts"
        subtitle={`${data ? `${data.total} account${data.total === 1 ? '' : 's'} · ` : ''}${strategySentence(settings.data?.accounts)} · updates live`}
        actions={
          <>
            <label htmlFor={`${id}-sort`} className={cx(LABEL, 'sr-only')}>
              Sort
            </label>
            <div className="w-48">
              <select
                id={`${id}-sort`}
                data-testid="accounts-sort"
                value={sort}
                onChange={(event) => {
                  setSort(event.target.value as AccountSort);
                  setPager(FIRST_PAGE);
                }}
                className={INPUT}
              >
                {ACCOUNT_SORTS.map((candidate) => (
                  <option key={candidate} value={candidate}>
                    {ACCOUNT_SORT_LABELS[candidate]}
                  </option>
                ))}
              </select>
            </div>
            <Button onClick={() => void refetch()} disabled={isFetching} aria-label="Refresh the accounts">
              <RefreshCw aria-hidden="true" className={cx('size-4', isFetching && 'motion-safe:animate-spin')} />
              Refresh
            </Button>
          </>
        }
      />
      {isError && data && <StaleWarning what="accounts" error={error} />}
      {isPending ? (
        <LoadingState label="Loading the accounts…" />
      ) : !data ? (
        <ErrorState title="The accounts could not be loaded" error={error} onRetry={() => void refetch()} retrying={isFetching} />
      ) : data.items.length === 0 ? (
        <EmptyState title="No accounts yet">
          <p>Leads of one company (their email domain, unless the events give a company) form an account.</p>
          <SampleDataButton className="mt-3" />
        </EmptyState>
      ) : (
        <>
          <AccountsTable items={rows} highlighted={highlighted} />
          <PagerNav
            range={rangeLabel(pager, PAGE_SIZE, data.items.length, data.total)}
            hasPrevious={pager.page > 0}
            hasNext={!!data.next_cursor}
            onPrevious={() => setPager(previousPage)}
            onNext={() => setPager((current) => nextPage(current, data.next_cursor))}
            testIds={{ range: 'accounts-range', previous: 'accounts-page-previous', next: 'accounts-page-next' }}
          />
        </>
      )}
    </section>
  );
}
