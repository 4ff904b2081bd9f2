import { ArrowLeft, Building2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { strategySentence } from '../accounts/account-view';
import { StageCounts } from '../accounts/StageCounts';
import { useAccountHighlights } from '../accounts/useAccountHighlights';
import { isUnauthorized } from '../api/client';
import { AccountScoreChart } from '../charts/AccountScoreChart';
import { Card, PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useAccount, useSettings } from '../hooks/queries';
import { LeaderboardTable } from '../leaderboard/LeaderboardTable';
import { useLeadHighlights } from '../leaderboard/useLeadHighlights';
import { cx } from '../lib/cx';
import { formatScore, leadLabel, MISSING } from '../lib/format';
import { useNow } from '../lib/useNow';
import { hrefOf } from '../routing/routes';

/** One account: its score and how it is made, its score over time, and its leads, best first. */
export default function AccountDetailPage({ account }: { account: string }) {
  const detail = useAccount(account);
  const settings = useSettings();
  const changedAccounts = useAccountHighlights();
  const changedLeads = useLeadHighlights();
  const now = useNow();
  const leads = useMemo(() => (detail.data?.lead_items ?? []).map((lead, index) => ({ ...lead, rank: index + 1 })), [detail.data]);

  if (detail.isPending) return <LoadingState label="Loading the account…" />;
  if (!detail.data) {
    const notFound = (detail.error as { status?: number } | null)?.status === 404;
    return (
      <div className="space-y-4">
        <BackLink />
        {notFound ? (
          <EmptyState title="No such account">No lead belongs to the company “{account}”.</EmptyState>
        ) : (
          <ErrorState title="The account could not be loaded" error={detail.error} onRetry={isUnauthorized(detail.error) ? undefined : () => void detail.refetch()} />
        )}
      </div>
    );
  }
  const data = detail.data;
  const changed = changedAccounts.has(data.account);

  return (
    <section aria-labelledby="account-title" className="space-y-5" data-testid="account-detail" data-account={data.account}>
      <BackLink />
      <PageHeader titleId="account-title" icon={Building2} title={data.account} subtitle={strategySentence(settings.data?.accounts)} />
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <div className={cx('rounded-xl border border-slate-200 p-4 shadow-sm transition-colors duration-700', changed ? 'bg-amber-100' : 'bg-white')}>
          <dt className="text-sm text-slate-600">Account score</dt>
          <dd data-testid="account-detail-score" className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">
            {formatScore(data.score)}
          </dd>
        </div>
        <Fact label="Leads" testId="account-detail-leads">
          {data.leads}
        </Fact>
        <Fact label="Engaged leads" testId="account-detail-engaged">
          {data.engaged_leads}
        </Fact>
        <Fact label="Best lead">
          {data.best_lead ? (
            <a href={hrefOf({ page: 'lead', leadId: data.best_lead.lead_id })} className="rounded text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
              {leadLabel(data.best_lead).primary} ({formatScore(data.best_lead.score)})
            </a>
          ) : (
            MISSING
          )}
        </Fact>
      </dl>
      <div className="grid gap-5 lg:grid-cols-3">
        <Card title="Account score over time" className="lg:col-span-2">
          {data.score_history.length === 0 ? <EmptyState title="No score changes yet" compact /> : <AccountScoreChart history={data.score_history} />}
        </Card>
        <Card title="Leads per stage">
          <StageCounts stages={data.stages} />
        </Card>
      </div>
      <Card title={`Leads (${data.lead_items.length})`} testId="account-leads">
        {leads.length === 0 ? (
          <EmptyState title="No leads" compact />
        ) : (
          <LeaderboardTable items={leads} highlighted={changedLeads} now={now} caption={`The leads of ${data.account}, best first`} testId="account-leads-table" />
        )}
      </Card>
    </section>
  );
}

function BackLink() {
  return (
    <a href="#/accounts" className="inline-flex items-center gap-1 rounded text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
      <ArrowLeft aria-hidden="true" className="size-4" /> Accounts
    </a>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd data-testid={testId} className="mt-1.5 text-sm font-medium text-slate-900">
        {children}
      </dd>
    </div>
  );
}
