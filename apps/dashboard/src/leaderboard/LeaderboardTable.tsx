import type { LeaderboardItem } from '@lead-scoring/contracts';
import { GradeBadge } from '../components/GradeBadge';
import { StageBadge } from '../components/StageBadge';
import { cx } from '../lib/cx';
import { formatDateTime, formatRelativeTime, formatScore, leadLabel, MISSING } from '../lib/format';
import { hrefOf } from '../routing/routes';

export type LeaderboardRowData = Pick<LeaderboardItem, 'lead_id' | 'email' | 'name' | 'company' | 'score' | 'stage' | 'last_event_at'> &
  Partial<Pick<LeaderboardItem, 'fit_score' | 'grade'>> & { rank: number };

interface LeaderboardTableProps {
  items: readonly LeaderboardRowData[];
  /** Lead ids changed moments ago. */
  highlighted: ReadonlySet<string>;
  /** The clock relative times are measured against. */
  now: number;
  caption: string;
  /** Fewer columns, for the overview's card. */
  compact?: boolean;
  testId?: string;
}

const HEADER_CELL = 'px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 sm:px-4';
const CELL = 'px-3 py-2.5 sm:px-4';

export function LeaderboardTable({ items, highlighted, now, caption, compact, testId = 'leaderboard-table' }: LeaderboardTableProps) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table data-testid={testId} className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={cx(HEADER_CELL, 'w-14')}>
              Rank
            </th>
            <th scope="col" className={HEADER_CELL}>
              Lead
            </th>
            {!compact && (
              <th scope="col" className={cx(HEADER_CELL, 'hidden md:table-cell')}>
                Company
              </th>
            )}
            <th scope="col" className={cx(HEADER_CELL, 'text-right')}>
              Score
            </th>
            {!compact && (
              <th scope="col" className={cx(HEADER_CELL, 'hidden text-right sm:table-cell')}>
                Fit
              </th>
            )}
            {compact ? (
              <th scope="col" className={HEADER_CELL}>
                Grade · stage
              </th>
            ) : (
              <>
                <th scope="col" className={HEADER_CELL}>
                  Grade
                </th>
                <th scope="col" className={HEADER_CELL}>
                  Stage
                </th>
              </>
            )}
            {!compact && (
              <th scope="col" className={cx(HEADER_CELL, 'hidden sm:table-cell')}>
                Last event
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => (
            <LeaderboardRow key={item.lead_id} item={item} highlighted={highlighted.has(item.lead_id)} now={now} compact={compact} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LeaderboardRow({ item, highlighted, now, compact }: { item: LeaderboardRowData; highlighted: boolean; now: number; compact?: boolean }) {
  const label = leadLabel(item);
  return (
    <tr
      data-testid="leaderboard-row"
      data-lead-id={item.lead_id}
      data-email={item.email ?? undefined}
      data-rank={item.rank}
      data-grade={item.grade ?? undefined}
      data-highlighted={highlighted ? 'true' : undefined}
      className={cx('motion-safe:transition-colors motion-safe:duration-700', highlighted ? 'bg-amber-100' : 'hover:bg-slate-50')}
    >
      <td className={cx(CELL, 'tabular-nums text-slate-500')}>{item.rank}</td>
      <th scope="row" className={cx(CELL, 'text-left font-normal', compact ? 'max-w-[9rem]' : 'max-w-[9rem] sm:max-w-none')}>
        <a
          href={hrefOf({ page: 'lead', leadId: item.lead_id })}
          data-testid="lead-link"
          className="block truncate rounded font-medium text-slate-900 hover:text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          {label.primary}
        </a>
        {label.secondary && !compact && <div className="truncate text-slate-500">{label.secondary}</div>}
        {!compact && item.company && <div className="truncate text-xs text-slate-500 md:hidden">{item.company}</div>}
      </th>
      {!compact && <td className={cx(CELL, 'hidden text-slate-700 md:table-cell')}>{item.company || MISSING}</td>}
      <td data-testid="lead-score" className={cx(CELL, 'text-right font-semibold tabular-nums text-slate-900')}>
        {formatScore(item.score)}
      </td>
      {!compact && (
        <td data-testid="lead-fit" className={cx(CELL, 'hidden text-right tabular-nums text-slate-700 sm:table-cell')}>
          {item.fit_score === undefined ? MISSING : formatScore(item.fit_score)}
        </td>
      )}
      {compact ? (
        // The overview's narrow card: both badges in one cell.
        <td className={CELL}>
          <span className="flex flex-wrap items-center gap-1">
            <GradeBadge grade={item.grade} />
            <StageBadge stage={item.stage} />
          </span>
        </td>
      ) : (
        <>
          <td className={CELL}>
            <GradeBadge grade={item.grade} />
          </td>
          <td className={CELL}>
            <StageBadge stage={item.stage} />
          </td>
        </>
      )}
      {!compact && (
        <td className={cx(CELL, 'hidden whitespace-nowrap text-slate-600 sm:table-cell')}>
          {item.last_event_at ? (
            <time dateTime={item.last_event_at} title={formatDateTime(item.last_event_at)}>
              {formatRelativeTime(item.last_event_at, now)}
            </time>
          ) : (
            MISSING
          )}
        </td>
      )}
    </tr>
  );
}
