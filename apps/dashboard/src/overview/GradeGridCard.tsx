import type { GradeBand } from '@lead-scoring/contracts';
import { Grid3x3 } from 'lucide-react';
import { Card } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useGradeCounts, useSettings } from '../hooks/queries';
import { leadListHref } from '../leaderboard/lead-list-state';
import { cx } from '../lib/cx';
import { gradeGrid, heatLevel } from '../lib/grades';

// Static class names (Tailwind only ships classes it can see): from an empty cell to the fullest one.
const HEAT = ['bg-slate-50 text-slate-400', 'bg-indigo-50 text-indigo-900', 'bg-indigo-100 text-indigo-900', 'bg-indigo-200 text-indigo-950', 'bg-indigo-400 text-white', 'bg-indigo-600 text-white'];

function bandHint(bands: readonly GradeBand[] | undefined, label: string): string | null {
  const band = bands?.find((candidate) => candidate.label === label);
  return band ? `≥ ${band.min}` : null;
}

/** Leads per grade: rows are fit labels (who they are), columns engagement labels (what they did); each cell opens the filtered lead list. */
export function GradeGridCard({ className }: { className?: string }) {
  const counts = useGradeCounts();
  const settings = useSettings();
  const grades = settings.data?.grades;
  let body;
  if (counts.isPending) body = <LoadingState label="Loading the grades…" compact />;
  else if (!counts.data) body = <ErrorState title="The grades could not be loaded" error={counts.error} onRetry={() => void counts.refetch()} compact />;
  else {
    const grid = gradeGrid(counts.data);
    body =
      grid.total === 0 ? (
        <EmptyState title="No graded leads yet" compact />
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="grade-grid" data-total={grid.total} className="w-full border-separate border-spacing-1 text-sm">
            <caption className="sr-only">Leads per grade: fit (rows) by engagement (columns)</caption>
            <thead>
              <tr>
                <td className="px-1 text-left text-[11px] leading-tight text-slate-500">
                  Fit ↓ · Engagement →
                </td>
                {counts.data.engagement_labels.map((label) => (
                  <th key={label} scope="col" className="px-1 pb-1 text-center text-xs font-semibold text-slate-700">
                    {label}
                    {bandHint(grades?.engagement, label) && <div className="font-normal text-slate-400">{bandHint(grades?.engagement, label)}</div>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((row) => (
                <tr key={row.fit}>
                  <th scope="row" className="px-1 text-left text-xs font-semibold text-slate-700">
                    {row.fit}
                    {bandHint(grades?.fit, row.fit) && <span className="ml-1 font-normal text-slate-400">{bandHint(grades?.fit, row.fit)}</span>}
                  </th>
                  {row.cells.map((cell) => (
                    <td key={cell.grade} className="p-0">
                      <a
                        href={leadListHref({ grade: cell.grade })}
                        data-testid="grade-cell"
                        data-grade={cell.grade}
                        data-count={cell.count}
                        aria-label={`${cell.count} lead${cell.count === 1 ? '' : 's'} of grade ${cell.grade}`}
                        className={cx(
                          'flex h-14 flex-col items-center justify-center rounded-lg transition-shadow hover:ring-2 hover:ring-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600',
                          HEAT[heatLevel(cell.count, grid.max)],
                        )}
                      >
                        <span className="text-lg font-semibold tabular-nums" data-testid="grade-cell-count">
                          {cell.count}
                        </span>
                        <span className="font-mono text-[10px] opacity-75">{cell.grade}</span>
                      </a>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
  return (
    <Card
      className={className}
      testId="grade-grid-card"
      title={
        <span className="flex items-center gap-1.5">
          <Grid3x3 aria-hidden="true" className="size-4 text-indigo-500" /> Fit × engagement
        </span>
      }
    >
      {body}
      <p className="mt-2 text-xs text-slate-500">A lead’s grade is its fit label then its engagement label: A1 is a good fit that is very engaged. Open a cell to list its leads.</p>
    </Card>
  );
}
