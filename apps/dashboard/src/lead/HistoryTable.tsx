import type { HistoryEntry } from '@lead-scoring/contracts';
import { GradeBadge } from '../components/GradeBadge';
import { StageBadge } from '../components/StageBadge';
import { TD } from '../components/table-styles';
import { TableHead } from '../components/TableHead';
import { cx } from '../lib/cx';
import { explainEntry, explainFit, formatDelta, gradeChanges, hasEngagementChange, stageChanges } from '../lib/explain';
import { formatDateTime, formatScore, MISSING } from '../lib/format';

/**
 * Every change of score, stage or fit in event-time order. A fit change (a trait changed, e.g. an IDENTIFY) shows
 * as its own line of the Rules cell, with the fit rules that hold from then on.
 */
export function HistoryTable({ items, names, truncated }: { items: readonly HistoryEntry[]; names: ReadonlyMap<string, string>; truncated: boolean }) {
  const stages = stageChanges(items);
  const grades = gradeChanges(items);
  return (
    <div className="overflow-x-auto">
      <table data-testid="history-table" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Every change of score, stage or fit, in event-time order</caption>
        <TableHead columns={[
          { label: 'Event time' },
          { label: 'Event' },
          { label: 'Rules' },
          { label: 'Change', className: 'text-right' },
          { label: 'Score', className: 'text-right' },
          { label: 'Fit', className: 'text-right' },
          { label: 'Grade' },
          { label: 'Stage' },
        ]} />
        <tbody className="divide-y divide-slate-100">
          {items.map((entry, index) => {
            const fitDelta = entry.fit_delta ?? 0;
            return (
              <tr
                key={`${entry.event_id}-${index}`}
                data-testid="history-row"
                data-event-type={entry.event_type}
                data-delta={entry.delta}
                data-score-after={entry.score_after}
                data-fit-delta={fitDelta}
                data-fit-after={entry.fit_after}
                data-grade-after={entry.grade_after}
              >
                <td className={cx(TD, 'whitespace-nowrap text-slate-600')}>
                  <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time>
                </td>
                <td className={TD}>
                  <div className="font-medium text-slate-900">{entry.event_type}</div>
                  <div className="font-mono text-xs text-slate-500">{entry.event_id}</div>
                </td>
                <td className={cx(TD, 'space-y-0.5 text-slate-700')}>
                  {hasEngagementChange(entry) && <div data-testid="history-rules">{explainEntry(entry, names)}</div>}
                  {fitDelta !== 0 && (
                    <div data-testid="history-fit" className="text-teal-800">
                      {explainFit(entry, names)}
                    </div>
                  )}
                </td>
                <td className={cx(TD, 'text-right font-semibold tabular-nums', entry.delta < 0 ? 'text-rose-700' : entry.delta > 0 ? 'text-emerald-700' : 'text-slate-400')}>
                  {formatDelta(entry.delta)}
                </td>
                <td className={cx(TD, 'text-right tabular-nums text-slate-900')}>{formatScore(entry.score_after)}</td>
                <td data-testid="history-fit-after" className={cx(TD, 'text-right tabular-nums whitespace-nowrap', fitDelta !== 0 ? 'font-semibold text-teal-800' : 'text-slate-500')}>
                  {entry.fit_after === undefined ? MISSING : formatScore(entry.fit_after)}
                  {fitDelta !== 0 && <span className="ml-1 text-xs font-normal">({formatDelta(fitDelta)})</span>}
                </td>
                <td className={TD}>{grades[index] ? <GradeBadge grade={entry.grade_after} /> : <span className="font-mono text-xs text-slate-400">{entry.grade_after ?? MISSING}</span>}</td>
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
            );
          })}
        </tbody>
      </table>
      {truncated && <p className="mt-2 text-sm text-slate-500">Only the first {items.length} changes are shown.</p>}
    </div>
  );
}
