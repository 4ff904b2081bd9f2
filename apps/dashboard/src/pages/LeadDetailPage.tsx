import { ArrowLeft, UserRound } from 'lucide-react';
import { type ReactNode, useMemo } from 'react';
import { isUnauthorized } from '../api/client';
import { ScoreTimelineChart } from '../charts/ScoreTimelineChart';
import { GradeBadge } from '../components/GradeBadge';
import { Card, PageHeader } from '../components/PageHeader';
import { StageBadge } from '../components/StageBadge';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useLead, useLeadHistory, useRules, useSettings } from '../hooks/queries';
import { Breakdown } from '../lead/Breakdown';
import { HistoryTable } from '../lead/HistoryTable';
import { RawEvents } from '../lead/RawEvents';
import { TraitsTable } from '../lead/TraitsTable';
import { useLeadHighlights } from '../leaderboard/useLeadHighlights';
import { cx } from '../lib/cx';
import { ruleNames } from '../lib/explain';
import { formatDateTime, formatScore, leadLabel, MISSING } from '../lib/format';
import { LeadFirings } from '../triggers/LeadFirings';

export default function LeadDetailPage({ leadId }: { leadId: string }) {
  const lead = useLead(leadId);
  const history = useLeadHistory(leadId);
  const rules = useRules();
  const settings = useSettings();
  const highlighted = useLeadHighlights();
  const names = useMemo(() => ruleNames(lead.data?.breakdown, rules.data?.items), [lead.data, rules.data]);

  if (lead.isPending) return <LoadingState label="Loading the lead…" />;
  if (!lead.data) {
    const notFound = (lead.error as { status?: number } | null)?.status === 404;
    return (
      <div className="space-y-4">
        <BackLink />
        {notFound ? (
          <EmptyState title="No such lead">No lead has the id, email or external id “{leadId}”.</EmptyState>
        ) : (
          <ErrorState title="The lead could not be loaded" error={lead.error} onRetry={isUnauthorized(lead.error) ? undefined : () => void lead.refetch()} />
        )}
      </div>
    );
  }
  const data = lead.data;
  const label = leadLabel(data);
  const changed = highlighted.has(data.lead_id);
  const traits = data.traits ?? {};
  const fitMax = settings.data?.fit?.max;

  return (
    <section aria-labelledby="lead-title" className="space-y-5" data-testid="lead-detail" data-lead-id={data.lead_id}>
      <BackLink />
      <PageHeader titleId="lead-title" icon={UserRound} title={label.primary} subtitle={[label.secondary, data.company].filter(Boolean).join(' · ') || undefined} />

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        <div className={cx('rounded-xl border border-slate-200 p-4 shadow-sm transition-colors duration-700', changed ? 'bg-amber-100' : 'bg-white')}>
          <dt className="text-sm text-slate-600">Score</dt>
          <dd data-testid="lead-detail-score" className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">
            {formatScore(data.score)}
          </dd>
        </div>
        <div className={cx('rounded-xl border border-slate-200 p-4 shadow-sm transition-colors duration-700', changed ? 'bg-amber-100' : 'bg-white')}>
          <dt className="text-sm text-slate-600">Fit</dt>
          <dd className="mt-1 flex items-baseline gap-1">
            <span data-testid="lead-detail-fit" className="text-3xl font-semibold tabular-nums text-slate-900">
              {data.fit_score === undefined ? MISSING : formatScore(data.fit_score)}
            </span>
            {fitMax !== undefined && <span className="text-sm text-slate-500">/ {fitMax}</span>}
          </dd>
        </div>
        <Fact label="Grade">
          <span data-testid="lead-detail-grade" data-grade={data.grade}>
            <GradeBadge grade={data.grade} className="px-2 py-1 text-sm" />
          </span>
        </Fact>
        <Fact label="Stage">
          <span data-testid="lead-detail-stage">
            <StageBadge stage={data.stage} />
          </span>
        </Fact>
        <Fact label="Events">{data.event_count}</Fact>
        <Fact label="First event">{formatDateTime(data.first_event_at)}</Fact>
        <Fact label="Last event">{formatDateTime(data.last_event_at)}</Fact>
      </dl>

      <div className="grid items-start gap-5 lg:grid-cols-3">
        <Card title="Score over event time" className="lg:col-span-2">
          {history.isPending ? (
            <LoadingState label="Loading the history…" compact />
          ) : !history.data ? (
            <ErrorState title="The history could not be loaded" error={history.error} onRetry={() => void history.refetch()} compact />
          ) : history.data.items.length === 0 ? (
            <EmptyState title="No score changes yet" compact />
          ) : (
            <ScoreTimelineChart history={history.data.items} />
          )}
        </Card>
        <div className="space-y-5">
          <Card title="Points by rule" testId="breakdown-card">
            <Breakdown items={data.breakdown} />
          </Card>
          <Card title="Traits: who the lead is" testId="traits-card">
            {Object.keys(traits).length === 0 ? (
              <EmptyState title="No traits yet" compact>
                Traits come from events' metadata and <code className="rounded bg-slate-100 px-1 text-xs">POST /api/identify</code>.
              </EmptyState>
            ) : (
              <TraitsTable traits={traits} rules={rules.data?.items} />
            )}
          </Card>
        </div>
      </div>

      <Card title="History: why the score and fit are what they are">
        {history.isPending ? (
          <LoadingState label="Loading the history…" compact />
        ) : !history.data ? (
          <ErrorState title="The history could not be loaded" error={history.error} onRetry={() => void history.refetch()} compact />
        ) : history.data.items.length === 0 ? (
          <EmptyState title="No score changes yet" compact>
            Events without a matching rule are stored and score 0 until a rule names them.
          </EmptyState>
        ) : (
          <HistoryTable items={history.data.items} names={names} truncated={history.data.truncated} />
        )}
      </Card>

      <LeadFirings leadId={data.lead_id} />

      <RawEvents leadId={leadId} />
    </section>
  );
}

function BackLink() {
  return (
    <a href="#/leads" className="inline-flex items-center gap-1 rounded text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
      <ArrowLeft aria-hidden="true" className="size-4" /> Leaderboard
    </a>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1.5 text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}
