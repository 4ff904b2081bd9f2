import { RULE_KINDS, type RuleKind, type ScoringRule } from '@lead-scoring/contracts';
import { X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { createRule, type RuleInput, updateRule } from '../api/writes';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormField, invalidProps } from '../components/FormField';
import { INPUT, LABEL } from '../components/form-styles';
import { Card } from '../components/PageHeader';
import { cx } from '../lib/cx';
import { ConditionsFieldset } from './ConditionsFieldset';
import { detailsOf } from './form-errors';
import { EMPTY_RULE_FORM, formOfRule, RULE_KIND_LABELS, type RuleForm, type RuleFormErrors, ruleOfForm, switchKind } from './rule-form';
import { useRulesetChange } from './useRulesetChange';
import { useTraitKeys } from './useTraitKeys';

interface RuleEditorProps {
  /** Null: a new rule, of `initialKind`. */
  rule: ScoringRule | null;
  initialKind?: RuleKind;
  onClose(): void;
}

type TextKey = 'name' | 'event_type' | 'points' | 'max_per_lead' | 'period_count' | 'period_days';

/** Creates or edits a rule: engagement (an event type, conditions on the event, caps) or fit (conditions on traits). */
export function RuleEditor({ rule, initialKind = 'engagement', onClose }: RuleEditorProps) {
  const { ingestion } = useApiClients();
  const [form, setForm] = useState<RuleForm>(rule ? formOfRule(rule) : { ...EMPTY_RULE_FORM, kind: initialKind });
  const [errors, setErrors] = useState<RuleFormErrors>({});
  const traitKeys = useTraitKeys(form.kind === 'fit');
  const save = useRulesetChange((input: RuleInput) => (rule ? updateRule(ingestion, rule.id, input) : createRule(ingestion, input)));
  const fit = form.kind === 'fit';
  /** Applies a change and drops the errors of what it touched: a fixed field stops saying what was wrong with it. */
  const change = (next: Partial<RuleForm>, touched: (key: string) => boolean) => {
    setForm((current) => ({ ...current, ...next }));
    setErrors((current) => (Object.keys(current).some(touched) ? Object.fromEntries(Object.entries(current).filter(([key]) => !touched(key))) : current));
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = ruleOfForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result.rule, { onSuccess: onClose, onError: (error) => setErrors(detailsOf(error)) });
  }

  const text = (key: TextKey, label: string, options: { placeholder?: string; numeric?: boolean; errorKey?: string; hint?: string } = {}) => {
    const id = `rule-${key}`;
    const error = errors[options.errorKey ?? key];
    return (
      <FormField id={id} label={label} error={error} hint={options.hint}>
        <input
          id={id}
          data-testid={id}
          value={form[key]}
          placeholder={options.placeholder}
          inputMode={options.numeric ? 'decimal' : undefined}
          onChange={(event) => change({ [key]: event.target.value }, (errorKey) => errorKey === (options.errorKey ?? key) || errorKey === 'max_per_period')}
          className={INPUT}
          {...invalidProps(id, error)}
        />
      </FormField>
    );
  };

  return (
    <Card
      title={rule ? `Edit “${rule.name}”` : fit ? 'New fit rule' : 'New rule'}
      testId="rule-editor"
      actions={
        <Button onClick={onClose} aria-label="Close the editor" className="px-2">
          <X aria-hidden="true" className="size-4" />
        </Button>
      }
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-kind={form.kind}>
        <fieldset>
          <legend className={LABEL}>Kind</legend>
          <div className="mt-1 inline-flex flex-wrap rounded-lg bg-slate-100 p-0.5" data-testid="rule-kind">
            {RULE_KINDS.map((kind) => (
              <label
                key={kind}
                className={cx(
                  'cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600',
                  form.kind === kind ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900',
                  // The kind of a saved rule is part of what it is: an edit keeps it.
                  rule && form.kind !== kind && 'cursor-not-allowed opacity-50',
                )}
              >
                <input
                  type="radio"
                  name="rule-kind"
                  value={kind}
                  data-testid={`rule-kind-${kind}`}
                  checked={form.kind === kind}
                  disabled={rule !== null && form.kind !== kind}
                  onChange={() => {
                    setForm((current) => switchKind(current, kind));
                    setErrors({});
                  }}
                  className="sr-only"
                />
                {RULE_KIND_LABELS[kind]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className={cx('grid gap-3 sm:grid-cols-2', fit ? 'lg:grid-cols-2' : 'lg:grid-cols-4')}>
          {text('name', 'Name', { placeholder: fit ? 'Decision maker' : 'Pricing page visit' })}
          {!fit && text('event_type', 'Event type', { placeholder: 'PAGE_VIEW' })}
          {text('points', 'Points (-1000 to 1000)', { numeric: true, hint: fit ? 'Added to the fit score while the conditions hold.' : undefined })}
          {!fit && text('max_per_lead', 'Max times per lead', { placeholder: 'no limit', numeric: true })}
        </div>
        {!fit && (
          <fieldset data-testid="rule-max-per-period">
            <legend className={LABEL}>Frequency cap (optional)</legend>
            <p className="text-xs text-slate-500">At most this many matches in any window of this many days, counted in event time. Empty: no cap.</p>
            <div className="mt-1 grid max-w-md grid-cols-2 gap-3">
              {text('period_count', 'Matches', { placeholder: 'e.g. 3', numeric: true, errorKey: 'max_per_period.count' })}
              {text('period_days', 'Per days', { placeholder: 'e.g. 1 (0.5 = 12 h)', numeric: true, errorKey: 'max_per_period.days' })}
            </div>
            {errors['max_per_period'] && <p className="mt-1 text-sm text-rose-700">{errors['max_per_period']}</p>}
          </fieldset>
        )}
        <ConditionsFieldset kind={form.kind} conditions={form.conditions} errors={errors} traitKeys={traitKeys} onChange={(conditions) => change({ conditions }, (key) => key.startsWith('conditions'))} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" data-testid="rule-active" checked={form.active} onChange={(event) => setForm((current) => ({ ...current, active: event.target.checked }))} className="size-4 rounded" />
          Active
        </label>
        {save.isError && <ErrorAlert error={save.error} testId="rule-save-error" />}
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={save.isPending} data-testid="rule-save-button">
            {save.isPending ? 'Saving…' : rule ? 'Save changes' : 'Create rule'}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
