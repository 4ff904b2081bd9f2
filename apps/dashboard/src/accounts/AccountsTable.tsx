import type { AccountSummary } from '@lead-scoring/contracts';
import { TABLE, TBODY, TD } from '../components/table-styles';
import { TableHead } from '../components/TableHead';
import { cx } from '../lib/cx';
import { formatScore, leadLabel, MISSING } from '../lib/format';
import { hrefOf } from '../routing/routes';
import { StageCounts } from './StageCounts';

interface AccountsTableProps {
  items: readonly (AccountSummary & { rank: number })[];
  /** Accounts changed moments ago. */
  highlighted: ReadonlySet<string>;
}

const LINK = 'rounded font-medium hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600';

/** Accounts ranked: score, leads, engaged leads, the best lead and the leads per stage. */
export function AccountsTable({ items, highlighted }: AccountsTableProps) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table data-testid="accounts-table" className={TABLE}>
        <caption className="sr-only">Accounts ranked by score</caption>
        <TableHead className="bg-slate-50" columns={[
          { label: 'Rank', className: 'w-14' },
          { label: 'Account' },
          { label: 'Score', className: 'text-right' },
          { label: 'Leads', className: 'text-right' },
          { label: 'Engaged', className: 'hidden text-right sm:table-cell' },
          { label: 'Best lead', className: 'hidden md:table-cell' },
          { label: 'Stages', className: 'hidden lg:table-cell' },
        ]} />
        <tbody className={TBODY}>
          {items.map((account) => {
            const changed = highlighted.has(account.account);
            return (
              <tr
                key={account.account}
                data-testid="account-row"
                data-account={account.account}
                data-rank={account.rank}
                data-highlighted={changed ? 'true' : undefined}
                className={cx('motion-safe:transition-colors motion-safe:duration-700', changed ? 'bg-amber-100' : 'hover:bg-slate-50')}
              >
                <td className={cx(TD, 'tabular-nums text-slate-500')}>{account.rank}</td>
                <th scope="row" className={cx(TD, 'max-w-[12rem] text-left font-normal sm:max-w-none')}>
                  <a href={hrefOf({ page: 'account', account: account.account })} data-testid="account-link" className={cx(LINK, 'block truncate text-slate-900 hover:text-indigo-700')}>
                    {account.account}
                  </a>
                </th>
                <td data-testid="account-score" className={cx(TD, 'text-right font-semibold tabular-nums text-slate-900')}>
                  {formatScore(account.score)}
                </td>
                <td data-testid="account-leads" className={cx(TD, 'text-right tabular-nums')}>
                  {account.leads}
                </td>
                <td data-testid="account-engaged" className={cx(TD, 'hidden text-right tabular-nums sm:table-cell')}>
                  {account.engaged_leads}
                </td>
                <td className={cx(TD, 'hidden md:table-cell')}>
                  {account.best_lead ? (
                    <a href={hrefOf({ page: 'lead', leadId: account.best_lead.lead_id })} data-testid="account-best-lead" className={cx(LINK, 'text-indigo-700')}>
                      {leadLabel(account.best_lead).primary}
                      <span className="ml-1 text-xs font-normal text-slate-500 tabular-nums">{formatScore(account.best_lead.score)}</span>
                    </a>
                  ) : (
                    MISSING
                  )}
                </td>
                <td className={cx(TD, 'hidden lg:table-cell')}>
                  <StageCounts stages={account.stages} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
