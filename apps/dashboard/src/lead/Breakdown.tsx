import type { BreakdownItem } from '@lead-scoring/contracts';
import { EmptyState } from '../components/States';
import { TH } from '../components/table-styles';
import { cx } from '../lib/cx';
import { formatDelta } from '../lib/explain';

/** Points per rule, split: engagement (what the lead did, per match) and fit (who it is, while the rule holds). */
export function Breakdown({ items }: { items: readonly BreakdownItem[] }) {
  // An older gateway sends no kind: those are engagement rules.
  const fit = items.filter((item) => item.kind === 'fit');
  const engagement = items.filter((item) => item.kind !== 'fit');
  return (
    <div className="space-y-4">
      <section aria-labelledby="breakdown-engagement">
        <h3 id="breakdown-engagement" className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Engagement
        </h3>
        {engagement.length === 0 ? (
          <EmptyState title="No engagement rule has given points yet" compact />
        ) : (
          <BreakdownTable items={engagement} testId="breakdown" caption="Engagement points each rule gave this lead" countLabel="Times" />
        )}
      </section>
      <section aria-labelledby="breakdown-fit">
        <h3 id="breakdown-fit" className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Fit
        </h3>
        {fit.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="fit-breakdown-empty">
            No fit rule holds for this lead’s traits.
          </p>
        ) : (
          <BreakdownTable items={fit} testId="fit-breakdown" caption="Fit rules that hold for this lead" tone="teal" />
        )}
      </section>
    </div>
  );
}

interface BreakdownTableProps {
  items: readonly BreakdownItem[];
  /** `breakdown` gives breakdown-table, breakdown-row and breakdown-points. */
  testId: string;
  caption: string;
  /** Null: no count column (a fit rule counts once while it holds). */
  countLabel?: string;
  tone?: 'indigo' | 'teal';
}

function BreakdownTable({ items, testId, caption, countLabel, tone = 'indigo' }: BreakdownTableProps) {
  const max = Math.max(1, ...items.map((item) => Math.abs(item.points)));
  return (
    <table data-testid={`${testId}-table`} className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={cx(TH, 'px-0')}>
            Rule
          </th>
          {countLabel && (
            <th scope="col" className={cx(TH, 'text-right')}>
              {countLabel}
            </th>
          )}
          <th scope="col" className={cx(TH, 'pr-0 text-right')}>
            Points
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.rule_id} data-testid={`${testId}-row`} data-rule-id={item.rule_id}>
            <th scope="row" className="py-1.5 text-left font-normal">
              <div className="text-slate-900">{item.name}</div>
              <div className="mt-1 h-1.5 rounded-full bg-slate-100">
                <div
                  className={cx('h-full rounded-full', item.points < 0 ? 'bg-rose-500' : tone === 'teal' ? 'bg-teal-500' : 'bg-indigo-500')}
                  style={{ width: `${(Math.abs(item.points) / max) * 100}%` }}
                />
              </div>
            </th>
            {countLabel && <td className="py-1.5 text-right tabular-nums text-slate-600">{item.count}</td>}
            <td data-testid={`${testId}-points`} className="py-1.5 text-right font-semibold tabular-nums">
              {formatDelta(item.points)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
