import type { ScoringSettings } from '@lead-scoring/contracts';
import { type FormEvent, useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { putSettings } from '../api/writes';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormField, invalidProps } from '../components/FormField';
import { INPUT, LABEL } from '../components/form-styles';
import { Card } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/States';
import { useSettings } from '../hooks/queries';
import { AccountsFieldset } from './AccountsFieldset';
import { detailsOf } from './form-errors';
import { GradeBandsFieldset } from './GradeBandsFieldset';
import { describeBands, formOfSettings, type SettingsForm, type SettingsFormErrors, settingsOfForm } from './settings-form';
import { StagesFieldset } from './StagesFieldset';
import { useRulesetChange } from './useRulesetChange';

export function SettingsCard() {
  const settings = useSettings();
  return (
    <Card title="Scoring settings" testId="settings-card">
      {settings.isPending ? (
        <LoadingState label="Loading the settings…" compact />
      ) : !settings.data ? (
        <ErrorState title="The settings could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} compact />
      ) : (
        <SettingsEditor key={settings.data.ruleset_version} settings={settings.data} />
      )}
    </Card>
  );
}

type NumberKey = 'min_score' | 'max_score' | 'decay_percent' | 'decay_period_days' | 'fit_min' | 'fit_max';

/** The gateway's name of each number box, for its errors. */
const ERROR_KEYS: Record<NumberKey, string> = {
  min_score: 'min_score',
  max_score: 'max_score',
  decay_percent: 'decay.percent',
  decay_period_days: 'decay.period_days',
  fit_min: 'fit.min',
  fit_max: 'fit.max',
};

function SettingsEditor({ settings }: { settings: ScoringSettings }) {
  const { ingestion } = useApiClients();
  const [form, setForm] = useState<SettingsForm>(() => formOfSettings(settings));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const save = useRulesetChange((next: ScoringSettings) => putSettings(ingestion, next));
  const change = (next: Partial<SettingsForm>) => setForm((current) => ({ ...current, ...next }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = settingsOfForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result.settings, { onError: (error) => setErrors(detailsOf(error)) });
  }

  const number = (key: NumberKey, label: string, placeholder?: string) => {
    const id = `settings-${key}`;
    const error = errors[ERROR_KEYS[key]];
    return (
      <FormField id={id} label={label} error={error}>
        <input id={id} data-testid={id} inputMode="decimal" value={form[key]} placeholder={placeholder} onChange={(event) => change({ [key]: event.target.value })} className={INPUT} {...invalidProps(id, error)} />
      </FormField>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <fieldset className="space-y-2">
        <legend className={LABEL}>Engagement score range</legend>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {number('min_score', 'Minimum score')}
          {number('max_score', 'Score cap', 'no cap')}
        </div>
      </fieldset>
      <StagesFieldset stages={form.stages} errors={errors} onChange={(stages) => change({ stages })} />
      <fieldset className="space-y-2">
        <legend className={LABEL}>Decay</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" data-testid="settings-decay-enabled" checked={form.decay_enabled} onChange={(event) => change({ decay_enabled: event.target.checked })} className="size-4 rounded" />
          Take a share of the score off for every period without events
        </label>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {number('decay_percent', 'Percent per period')}
          {number('decay_period_days', 'Period (days)')}
        </div>
      </fieldset>
      <fieldset className="space-y-3 border-t border-slate-100 pt-4" data-testid="settings-fit">
        <legend className="sr-only">Fit and grades</legend>
        <h3 className="text-sm font-semibold text-slate-900">Fit and grades</h3>
        <p className="text-xs text-slate-600">
          The fit score is the sum of the fit rules that hold, kept within this range. A lead’s grade is its fit label followed by its engagement label
          {settings.grades ? `: now ${describeBands(settings.grades.fit)} for fit, ${describeBands(settings.grades.engagement)} for engagement.` : '.'}
        </p>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {number('fit_min', 'Fit minimum')}
          {number('fit_max', 'Fit maximum')}
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <GradeBandsFieldset axis="fit" bands={form.fit_grades} errors={errors} onChange={(fit_grades) => change({ fit_grades })} />
          <GradeBandsFieldset axis="engagement" bands={form.engagement_grades} errors={errors} onChange={(engagement_grades) => change({ engagement_grades })} />
        </div>
      </fieldset>
      <div className="border-t border-slate-100 pt-4">
        <AccountsFieldset form={form} errors={errors} onChange={change} />
      </div>
      {save.isError && <ErrorAlert error={save.error} testId="settings-save-error" />}
      {save.isSuccess && <p data-testid="settings-saved" className="text-sm text-emerald-700">Saved as ruleset v{save.data.ruleset_version}; every lead is being re-scored.</p>}
      <Button type="submit" variant="primary" disabled={save.isPending} data-testid="settings-save-button">
        {save.isPending ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
}
