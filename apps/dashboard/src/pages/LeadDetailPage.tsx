import type { HistoryEntry, LeadEventView } from '@lead-scoring/contracts';
import { ArrowLeft, UserRound } from 'lucide-react';
import { useMemo } from 'react';
import { isUnauthorized } from '../api/client';
import { ScoreTimelineChart } from '../charts/ScoreTimelineChart';
import { Card, PageHeader } from '../components/PageHeader';
import { StageBadge } from '../components/StageBadge';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useLead, useLeadEvents, useLeadHistory, useRules } from '../hooks/queries';
import { useLeadHighlights } from '../leaderboard/useLeadHighlights';
import { cx } from '../lib/cx';
import { explainEntry, formatDelta, ruleNames, stageChanges } from '../lib/explain';
import { formatDateTime, formatScore, leadLabel, MISSING } from '../lib/format';
import { LeadFirings } from '../triggers/LeadFirings';

const TH = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const TD = 'px-3 py-2';

export default function LeadDetailPage({ leadId }: { leadId: string }) {
  const lead = useLead(leadId);
  const history = useLeadHistory(leadId);
  const rules = useRules();
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

  return (
    <section aria-labelledby="lead-title" className="space-y-5" data-testid="lead-detail" data-lead-id={data.lead_id}>
      <BackLink />
      <PageHeader titleId="lead-title" icon={UserRound} title={label.primary} subtitle={[label.secondary, data.company].filter(Boolean).join(' · ') || undefined} />

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <div className={cx('rounded-xl border border-slate-200 p-4 shadow-sm transition-colors duration-700', changed ? 'bg-amber-100' : 'bg-white')}>
          <dt className="text-sm text-slate-600">Score</dt>
          <dd data-testid="lead-detail-score" className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">
            {formatScore(data.score)}
          </dd>
        </div>
        <Fact label="Stage">
          <span data-testid="lead-detail-stage">
            <StageBadge stage={data.stage} />
          </span>
        </Fact>
        <Fact label="Events">{data.event_count}</Fact>
        <Fact label="First event">{formatDateTime(data.first_event_at)}</Fact>
        <Fact label="Last event">{formatDateTime(data.last_event_at)}</Fact>
      </dl>

      <div className="grid gap-5 lg:grid-cols-3">
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
        <Card title="Points by rule">
          {data.breakdown.length === 0 ? (
            <EmptyState title="No rule has given points yet" compact />
          ) : (
            <Breakdown items={data.breakdown} />
          )}
        </Card>
      </div>

      <Card title="History: why the score is what it is">
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

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1.5 text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

function Breakdown({ items }: { items: { rule_id: string; name: string; count: number; points: number }[] }) {
  const max = Math.max(1, ...items.map((item) => Math.abs(item.points)));
  return (
    <table data-testid="breakdown-table" className="w-full text-sm">
      <caption className="sr-only">Points each rule gave this lead</caption>
      <thead>
        <tr>
          <th scope="col" className={cx(TH, 'px-0')}>
            Rule
          </th>
          <th scope="col" className={cx(TH, 'text-right')}>
            Times
          </th>
          <th scope="col" className={cx(TH, 'pr-0 text-right')}>
            Points
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.rule_id} data-testid="breakdown-row" data-rule-id={item.rule_id}>
            <th scope="row" className="py-1.5 text-left font-normal">
              <div className="text-slate-900">{item.name}</div>
              <div className="mt-1 h-1.5 rounded-full bg-slate-100">
                <div className={cx('h-full rounded-full', item.points < 0 ? 'bg-rose-500' : 'bg-indigo-500')} style={{ width: `${(Math.abs(item.points) / max) * 100}%` }} />
              </div>
            </th>
            <td className="py-1.5 text-right tabular-nums text-slate-600">{item.count}</td>
            <td data-testid="breakdown-points" className="py-1.5 text-right font-semibold tabular-nums">
              {formatDelta(item.points)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HistoryTable({ items, names, truncated }: { items: HistoryEntry[]; names: ReadonlyMap<string, string>; truncated: boolean }) {
  const stages = stageChanges(items);
  return (
    <div className="overflow-x-auto">
      <table data-testid="history-table" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Every change of score or stage, in event-time order</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>
              Event time
            </th>
            <th scope="col" className={TH}>
              Event
            </th>
            <th scope="col" className={TH}>
              Rules
            </th>
            <th scope="col" className={cx(TH, 'text-right')}>
              Change
            </th>
            <th scope="col" className={cx(TH, 'text-right')}>
              Score
            </th>
            <th scope="col" className={TH}>
              Stage
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((entry, index) => (
            <tr key={`${entry.event_id}-${index}`} data-testid="history-row" data-delta={entry.delta} data-score-after={entry.score_after}>
              <td className={cx(TD, 'whitespace-nowrap text-slate-600')}>
                <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time>
              </td>
              <td className={TD}>
                <div className="font-medium text-slate-900">{entry.event_type}</div>
                <div className="font-mono text-xs text-slate-500">{entry.event_id}</div>
              </td>
              <td data-testid="history-rules" className={cx(TD, 'text-slate-700')}>
                {explainEntry(entry, names)}
              </td>
              <td className={cx(TD, 'text-right font-semibold tabular-nums', entry.delta < 0 ? 'text-rose-700' : 'text-emerald-700')}>{formatDelta(entry.delta)}</td>
              <td className={cx(TD, 'text-right tabular-nums text-slate-900')}>{formatScore(entry.score_after)}</td>
              <td className={TD}>
                {stages[index] ? (
                  <span className="inline-flex items-center gap-1">
                    {index > 0 && <span className="text-xs text-slate-500">→</span>}
                    <StageBadge stage={entry.stage_after} />
                  </span>
                ) : (
                  <span className="text-xs text-slate-400">{entry.stage_after}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated && <p className="mt-2 text-sm text-slate-500">Only the first {items.length} changes are shown.</p>}
    </div>
  );
}

function RawEvents({ leadId }: { leadId: string }) {
  const events = useLeadEvents(leadId);
  return (
    <Card title={`Raw events${events.data ? ` (${events.data.items.length})` : ''}`}>
      {events.isPending ? (
        <LoadingState label="Loading the events…" compact />
      ) : !events.data ? (
        <ErrorState title="The events could not be loaded" error={events.error} onRetry={() => void events.refetch()} compact />
      ) : events.data.items.length === 0 ? (
        <EmptyState title="No events stored for this lead" compact />
      ) : (
        <EventsTable items={events.data.items} />
      )}
    </Card>
  );
}

function EventsTable({ items }: { items: LeadEventView[] }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="events-table" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">The lead's stored events in event-time order</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>
              Event time
            </th>
            <th scope="col" className={TH}>
              Type
            </th>
            <th scope="col" className={TH}>
              Source
            </th>
            <th scope="col" className={TH}>
              Scored
            </th>
            <th scope="col" className={TH}>
              Metadata
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((event) => (
            <tr key={event.event_id} data-testid="event-row" className="align-top">
              <td className={cx(TD, 'whitespace-nowrap text-slate-600')}>{formatDateTime(event.timestamp)}</td>
              <td className={TD}>
                <div className="font-medium">{event.event_type}</div>
                <div className="font-mono text-xs text-slate-500">{event.event_id}</div>
              </td>
              <td className={cx(TD, 'text-slate-700')}>{event.source || MISSING}</td>
              <td className={TD}>{event.scored ? 'yes' : <span className="text-amber-700">pending</span>}</td>
              <td className={TD}>
                <details>
                  <summary className="cursor-pointer rounded text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
                    {Object.keys(event.metadata).length} fields
                  </summary>
                  <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(event.metadata, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
