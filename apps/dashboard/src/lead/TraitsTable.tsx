import type { ScoringRule } from '@lead-scoring/contracts';
import { TABLE, TBODY, TD } from '../components/table-styles';
import { TableHead } from '../components/TableHead';
import { cx } from '../lib/cx';
import { MISSING } from '../lib/format';
import { keysReadByFitRules } from '../lib/traits';

function valueText(value: unknown): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Who the lead is: the latest value of every trait, those that fit rules read first. */
export function TraitsTable({ traits, rules }: { traits: Record<string, unknown>; rules: readonly ScoringRule[] | undefined }) {
  const read = keysReadByFitRules(rules);
  const keys = Object.keys(traits).sort((a, b) => Number(read.has(b)) - Number(read.has(a)) || a.localeCompare(b));
  return (
    <div className="max-h-96 overflow-auto">
      <table data-testid="traits-table" className={TABLE}>
        <caption className="sr-only">The lead's traits: the latest value of each, in event time</caption>
        <TableHead columns={[
          { label: 'Trait' },
          { label: 'Value' },
        ]} />
        <tbody className={TBODY}>
          {keys.map((key) => (
            <tr key={key} data-testid="trait-row" data-trait={key}>
              <th scope="row" className={cx(TD, 'text-left font-mono text-xs font-normal text-slate-700')}>
                {key}
                {read.has(key) && (
                  <span className="ml-1.5 rounded bg-teal-50 px-1 py-0.5 font-sans text-[10px] font-medium text-teal-700" title="A fit rule reads this trait">
                    fit
                  </span>
                )}
              </th>
              <td data-testid="trait-value" className={cx(TD, 'break-all text-slate-900')}>
                {valueText(traits[key])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
