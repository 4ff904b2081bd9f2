import { ACCOUNT_STRATEGIES, type AccountStrategy } from '@lead-scoring/contracts';
import { FormField, invalidProps } from '../components/FormField';
import { INPUT, LABEL } from '../components/form-styles';
import { ACCOUNT_STRATEGY_LABELS, type SettingsForm, type SettingsFormErrors } from './settings-form';

type AccountFields = Pick<SettingsForm, 'account_strategy' | 'account_n'>;

/** How an account's score is made from its leads' engagement scores. */
export function AccountsFieldset({ form, errors, onChange }: { form: AccountFields; errors: SettingsFormErrors; onChange(change: Partial<AccountFields>): void }) {
  const topN = form.account_strategy === 'top_n_average';
  return (
    <fieldset className="space-y-2">
      <legend className={LABEL}>Account score (leads of one company together)</legend>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <FormField id="settings-account-strategy" label="Strategy" error={errors['accounts.strategy']}>
          <select
            id="settings-account-strategy"
            data-testid="settings-account-strategy"
            value={form.account_strategy}
            onChange={(event) => onChange({ account_strategy: event.target.value as AccountStrategy })}
            className={INPUT}
            {...invalidProps('settings-account-strategy', errors['accounts.strategy'])}
          >
            {ACCOUNT_STRATEGIES.map((strategy) => (
              <option key={strategy} value={strategy}>
                {ACCOUNT_STRATEGY_LABELS[strategy]}
              </option>
            ))}
          </select>
        </FormField>
        {topN && (
          <FormField id="settings-account-n" label="n (best leads averaged)" error={errors['accounts.n']}>
            <input
              id="settings-account-n"
              data-testid="settings-account-n"
              inputMode="numeric"
              value={form.account_n}
              onChange={(event) => onChange({ account_n: event.target.value })}
              className={INPUT}
              {...invalidProps('settings-account-n', errors['accounts.n'])}
            />
          </FormField>
        )}
      </div>
    </fieldset>
  );
}
