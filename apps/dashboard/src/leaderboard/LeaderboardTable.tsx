import type { LeaderboardItem } from '@lead-scoring/contracts';
import { StageBadge } from '../components/StageBadge';
import { cx } from '../lib/cx';
import { formatDateTime, formatRelativeTime, formatScore, leadLabel, MISSING } from '../lib/format';

interface LeaderboardTableProps {
  items: readonly LeaderboardItem[];
  /** Lead ids changed moments ago. */
  highlighted: ReadonlySet<string>;
  /** The clock relative times are measured against. */
  now: number;
}

const HEADER_CELL = 'px-4 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';

export function LeaderboardTable({ items, highlighted, now }: LeaderboardTableProps) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table data-testid="leaderboard-table" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Leads ranked by score, highest first</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={cx(HEADER_CELL, 'w-16')}>
              Rank
            </th>
            <th scope="col" className={HEADER_CELL}>
              Lead
            </th>
            <th scope="col" className={HEADER_CELL}>
              Company
            </th>
            <th scope="col" className={cx(HEADER_CELL, 'text-right')}>
              Score
            </th>
            <th scope="col" className={HEADER_CELL}>
              Stage
            </th>
            <th scope="col" className={HEADER_CELL}>
              Last event
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => (
            <LeaderboardRow key={item.lead_id} item={item} highlighted={highlighted.has(item.lead_id)} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LeaderboardRow({ item, highlighted, now }: { item: LeaderboardItem; highlighted: boolean; now: number }) {
  const label = leadLabel(item);
  return (
    <tr
      data-testid="leaderboard-row"
      data-lead-id={item.lead_id}
      data-email={item.email ?? undefined}
      data-highlighted={highlighted ? 'true' : undefined}
      className={cx('motion-safe:transition-colors motion-safe:duration-700', highlighted ? 'bg-amber-100' : 'hover:bg-slate-50')}
    >
      <td className="px-4 py-3 tabular-nums text-slate-500">{item.rank}</td>
      <th scope="row" className="px-4 py-3 text-left font-normal">
        <div className="font-medium text-slate-900">{label.primary}</div>
        {label.secondary && <div className="text-slate-500">{label.secondary}</div>}
      </th>
      <td className="px-4 py-3 text-slate-700">{item.company || MISSING}</td>
      <td data-testid="lead-score" className="px-4 py-3 text-right font-semibold tabular-nums text-slate-900">
        {formatScore(item.score)}
      </td>
      <td className="px-4 py-3">
        <StageBadge stage={item.stage} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap text-slate-600">
        {item.last_event_at ? (
          <time dateTime={item.last_event_at} title={formatDateTime(item.last_event_at)}>
            {formatRelativeTime(item.last_event_at, now)}
          </time>
        ) : (
          MISSING
        )}
      </td>
    </tr>
  );
}
