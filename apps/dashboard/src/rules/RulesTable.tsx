import type { RuleKind, ScoringRule } from '@lead-scoring/contracts';
import { Pencil, Trash2 } from 'lucide-react';
import { useApiClients } from '../api/api-clients-context';
import { deleteRule, updateRule } from '../api/writes';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { Switch } from '../components/Switch';
import { TABLE, TBODY, TD, TH } from '../components/table-styles';
import { cx } from '../lib/cx';
import { formatDelta } from '../lib/explain';
import { describeCaps, describeCondition } from './rule-form';
import { useRulesetChange } from './useRulesetChange';

interface RulesTableProps {
  kind: RuleKind;
  rules: readonly ScoringRule[];
  onEdit(rule: ScoringRule): void;
}

/** The rules of one kind: engagement rules with their event type and caps, fit rules with their trait conditions. */
export function RulesTable({ kind, rules, onEdit }: RulesTableProps) {
  const { ingestion } = useApiClients();
  const toggle = useRulesetChange((rule: ScoringRule) => updateRule(ingestion, rule.id, { active: !rule.active }));
  const remove = useRulesetChange((rule: ScoringRule) => deleteRule(ingestion, rule.id));
  const failure = toggle.error ?? remove.error;
  const engagement = kind === 'engagement';
  return (
    <div className="space-y-3">
      {failure && <ErrorAlert error={failure} />}
      <div className="overflow-x-auto">
        <table data-testid="rules-table" data-kind={kind} className={TABLE}>
          <caption className="sr-only">{engagement ? 'Engagement rules: points for what a lead does' : 'Fit rules: points for who a lead is'}</caption>
          <thead>
            <tr>
              <th scope="col" className={TH}>
                Rule
              </th>
              {engagement && (
                <th scope="col" className={TH}>
                  Event type
                </th>
              )}
              <th scope="col" className={cx(TH, 'text-right')}>
                Points
              </th>
              <th scope="col" className={cx(TH, 'hidden md:table-cell')}>
                {engagement ? 'Conditions' : 'When the lead’s traits say'}
              </th>
              {engagement && (
                <th scope="col" className={cx(TH, 'hidden sm:table-cell')}>
                  Caps
                </th>
              )}
              <th scope="col" className={TH}>
                Active
              </th>
              <th scope="col" className={TH}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className={TBODY}>
            {rules.map((rule) => (
              <tr key={rule.id} data-testid="rule-row" data-rule-id={rule.id} data-rule-name={rule.name} data-kind={rule.kind} className={cx(!rule.active && 'text-slate-400')}>
                <th scope="row" className={cx(TD, 'text-left font-medium')}>
                  {rule.name}
                </th>
                {engagement && <td className={cx(TD, 'font-mono text-xs')}>{rule.event_type}</td>}
                <td data-testid="rule-points-cell" className={cx(TD, 'text-right font-semibold tabular-nums', rule.points < 0 && 'text-rose-700')}>
                  {formatDelta(rule.points)}
                </td>
                <td className={cx(TD, 'hidden text-xs text-slate-600 md:table-cell')}>
                  {rule.conditions.length === 0 ? (
                    <span className="text-slate-400">{engagement ? 'every event' : 'always'}</span>
                  ) : (
                    <ul className="space-y-0.5">
                      {rule.conditions.map((condition, index) => (
                        <li key={index} className="font-mono">
                          {describeCondition(condition)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                {engagement && (
                  <td data-testid="rule-caps" className={cx(TD, 'hidden text-xs text-slate-600 sm:table-cell')}>
                    {describeCaps(rule) ?? <span className="text-slate-400">none</span>}
                  </td>
                )}
                <td className={TD}>
                  <Switch checked={rule.active} label={`${rule.name} active`} testId="rule-active-toggle" disabled={toggle.isPending} onChange={() => toggle.mutate(rule)} />
                </td>
                <td className={TD}>
                  <div className="flex justify-end gap-1">
                    <Button onClick={() => onEdit(rule)} aria-label={`Edit ${rule.name}`} data-testid="rule-edit-button" className="px-2">
                      <Pencil aria-hidden="true" className="size-4" />
                    </Button>
                    <Button
                      onClick={() => {
                        if (window.confirm(`Delete the rule “${rule.name}”? Every lead will be re-scored without it.`)) remove.mutate(rule);
                      }}
                      aria-label={`Delete ${rule.name}`}
                      data-testid="rule-delete-button"
                      className="px-2 text-rose-700"
                    >
                      <Trash2 aria-hidden="true" className="size-4" />
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
