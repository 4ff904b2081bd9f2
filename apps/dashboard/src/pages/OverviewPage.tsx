import { Activity, Building2, CalendarClock, LayoutDashboard, Sigma, Trophy, Users } from 'lucide-react';
import { type ReactNode, useMemo, useState } from 'react';
import { ActivityChart } from '../charts/ActivityChart';
import { ACTIVITY_RANGES } from '../charts/activity-range';
import { CompanyChart } from '../charts/CompanyChart';
import { Card, PageHeader } from '../components/PageHeader';
import { StageBadge } from '../components/StageBadge';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useActivity, useCompanies, useLeaderboardTop, useSummary } from '../hooks/queries';
import { LeaderboardTable } from '../leaderboard/LeaderboardTable';
import { useLeadHighlights } from '../leaderboard/useLeadHighlights';
import { cx } from '../lib/cx';
import { useNow } from '../lib/useNow';
import { GradeGridCard } from '../overview/GradeGridCard';
import { SampleDataButton } from '../upload/SampleDataButton';

const TOP_LEADS = 8;

export default function OverviewPage() {
  const summary = useSummary();
  return (
    <section aria-labelledby="overview-title" className="space-y-5">
      <PageHeader
        titleId="overview-title"
        icon={LayoutDashboard}
        title="Overview"
        subtitle={summary.data ? `Ruleset v${summary.data.ruleset_version} · updates live` : 'Leads, events and scores at a glance'}
      />
      <StatCards />
      <div className="grid items-start gap-5 lg:grid-cols-3">
        <ActivityCard className="lg:col-span-2" />
        <TopLeadsCard />
      </div>
      <div className="grid items-start gap-5 lg:grid-cols-3">
        <GradeGridCard />
        <CompaniesCard className="lg:col-span-2" />
      </div>
    </section>
  );
}

function StatCards() {
  const summary = useSummary();
  if (summary.isPending) return <LoadingState label="Loading the figures…" compact />;
  if (!summary.data) return <ErrorState title="The figures could not be loaded" error={summary.error} onRetry={() => void summary.refetch()} compact />;
  const data = summary.data;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat icon={Users} label="Leads" value={data.total_leads} testId="stat-leads" />
        <Stat icon={Activity} label="Events" value={data.total_events} testId="stat-events" />
        <Stat icon={CalendarClock} label="Events, last 24 h" value={data.events_last_24h} testId="stat-events-24h" />
        <Stat icon={Sigma} label="Average score" value={data.average_score} testId="stat-average-score" />
      </dl>
      <div className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
        <h2 className="sr-only">Leads per stage</h2>
        <ul className="flex flex-wrap gap-x-6 gap-y-2" data-testid="stage-counts">
          {data.leads_by_stage.map((stage) => (
            <li key={stage.stage} className="flex items-center gap-2 text-sm" data-stage={stage.stage}>
              <StageBadge stage={stage.stage} />
              <span className="font-semibold tabular-nums text-slate-900" data-testid="stage-count">
                {stage.count}
              </span>
              <span className="text-slate-500">lead{stage.count === 1 ? '' : 's'}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Stat({ icon: Icon, label, value, testId }: { icon: typeof Users; label: string; value: number; testId: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="flex items-center gap-1.5 text-sm text-slate-600">
        <Icon aria-hidden="true" className="size-4 text-indigo-500" />
        {label}
      </dt>
      <dd data-testid={testId} className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">
        {value.toLocaleString()}
      </dd>
    </div>
  );
}

function ActivityCard({ className }: { className?: string }) {
  const [rangeId, setRangeId] = useState(ACTIVITY_RANGES[0].id);
  const now = useNow(60_000);
  const range = ACTIVITY_RANGES.find((candidate) => candidate.id === rangeId) ?? ACTIVITY_RANGES[0];
  const params = useMemo(() => range.params(now), [range, now]);
  const activity = useActivity(params);
  const empty = activity.data && activity.data.points.every((point) => point.total === 0);
  return (
    <Card
      className={className}
      testId="activity-card"
      title="Activity by event type"
      actions={
        <div role="group" aria-label="Range" className="inline-flex flex-wrap rounded-lg bg-slate-100 p-0.5">
          {ACTIVITY_RANGES.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              aria-pressed={candidate.id === rangeId}
              onClick={() => setRangeId(candidate.id)}
              className={cx(
                'rounded-md px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-600',
                candidate.id === rangeId ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900',
              )}
            >
              {candidate.label}
            </button>
          ))}
        </div>
      }
    >
      {activity.isPending ? (
        <LoadingState label="Loading activity…" compact />
      ) : !activity.data ? (
        <ErrorState title="Activity could not be loaded" error={activity.error} onRetry={() => void activity.refetch()} compact />
      ) : empty ? (
        <EmptyState title="No events in this range" compact />
      ) : (
        <ActivityChart trend={activity.data} />
      )}
    </Card>
  );
}

function TopLeadsCard() {
  const top = useLeaderboardTop(TOP_LEADS);
  const highlighted = useLeadHighlights();
  const now = useNow();
  let body: ReactNode;
  if (top.isPending) body = <LoadingState label="Loading top leads…" compact />;
  else if (!top.data) body = <ErrorState title="Top leads could not be loaded" error={top.error} onRetry={() => void top.refetch()} compact />;
  else if (top.data.items.length === 0)
    body = (
      <EmptyState title="No leads scored yet" compact>
        <SampleDataButton className="mt-2" />
      </EmptyState>
    );
  else body = <LeaderboardTable items={top.data.items} highlighted={highlighted} now={now} caption="Top leads by score" compact testId="top-leads-table" />;
  return (
    <Card
      title={
        <span className="flex items-center gap-1.5">
          <Trophy aria-hidden="true" className="size-4 text-amber-500" /> Top leads
        </span>
      }
      actions={
        <a href="#/leads" className="rounded text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          All leads
        </a>
      }
    >
      {body}
    </Card>
  );
}

function CompaniesCard({ className }: { className?: string }) {
  const companies = useCompanies(10);
  return (
    <Card
      className={className}
      testId="companies-card"
      title={
        <span className="flex items-center gap-1.5">
          <Building2 aria-hidden="true" className="size-4 text-indigo-500" /> Leads per company (top 10)
        </span>
      }
    >
      {companies.isPending ? (
        <LoadingState label="Loading companies…" compact />
      ) : !companies.data ? (
        <ErrorState title="Companies could not be loaded" error={companies.error} onRetry={() => void companies.refetch()} compact />
      ) : companies.data.items.length === 0 ? (
        <EmptyState title="No companies yet" compact />
      ) : (
        <CompanyChart companies={companies.data.items} />
      )}
    </Card>
  );
}
