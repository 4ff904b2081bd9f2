import type { ScoringRule, ScoringSettings } from '@lead-scoring/contracts';
import { Pencil, Plus, SlidersHorizontal, Trash2, X } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { createRule, deleteRule, putSettings, updateRule } from '../api/writes';
import { Button } from '../components/Button';
import { FIELD_ERROR, INPUT, LABEL } from '../components/form-styles';
import { Card, PageHeader } from '../components/PageHeader';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useRecompute, useRules, useSettings } from '../hooks/queries';
import { cx } from '../lib/cx';
import { formatDelta } from '../lib/explain';
import {
  type ConditionForm,
  describeCondition,
  EMPTY_RULE_FORM,
  formOfRule,
  formOfSettings,
  OPERATOR_LABELS,
  OPERATORS,
  type RuleForm,
  type RuleFormErrors,
  ruleOfForm,
  type SettingsForm,
  settingsOfForm,
} from '../rules/rule-form';
import { useRulesetChange } from '../rules/useRulesetChange';

/** Server error details (`conditions.0.value`) in the form's own keys. */
function detailsOf(error: unknown): RuleFormErrors {
  const errors: RuleFormErrors = {};
  if (error instanceof ApiError) for (const detail of error.details) errors[detail.field] ??= detail.message;
  return errors;
}

export default function RulesPage() {
  const rules = useRules();
  const [editing, setEditing] = useState<ScoringRule | 'new' | null>(null);
  return (
    <section aria-labelledby="rules-title" className="space-y-5">
      <PageHeader
        titleId="rules-title"
        icon={SlidersHorizontal}
        title="Rules and settings"
        subtitle={rules.data ? `Ruleset v${rules.data.ruleset_version} · every change re-scores every lead` : 'What each event is worth'}
        actions={
          <Button variant="primary" onClick={() => setEditing('new')} data-testid="rule-new-button">
            <Plus aria-hidden="true" className="size-4" /> New rule
          </Button>
        }
      />
      <RecomputeStatus />
      {editing && <RuleEditor key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <Card title="Rules">
        {rules.isPending ? (
          <LoadingState label="Loading the rules…" compact />
        ) : !rules.data ? (
          <ErrorState title="The rules could not be loaded" error={rules.error} onRetry={() => void rules.refetch()} compact />
        ) : rules.data.items.length === 0 ? (
          <EmptyState title="No rules: every event scores 0" compact />
        ) : (
          <RulesTable rules={rules.data.items} onEdit={setEditing} />
        )}
      </Card>
      <SettingsCard />
    </section>
  );
}

function RecomputeStatus() {
  const recompute = useRecompute();
  const data = recompute.data;
  if (!data) return null;
  const running = data.state === 'running';
  return (
    <div data-testid="recompute-status" data-state={data.state} data-version={data.version} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-live="polite">
      <ProgressBar
        testId="recompute-progress"
        label={running ? `Re-scoring every lead with ruleset v${data.version}` : `Every lead is scored with ruleset v${data.version}`}
        value={data.total > 0 ? data.processed : running ? null : 1}
        max={data.total > 0 ? data.total : 1}
        tone={running ? 'indigo' : 'emerald'}
        detail={data.total > 0 ? `${data.processed} of ${data.total} leads` : running ? 'starting…' : 'done'}
      />
    </div>
  );
}

function RulesTable({ rules, onEdit }: { rules: ScoringRule[]; onEdit(rule: ScoringRule): void }) {
  const { ingestion } = useApiClients();
  const toggle = useRulesetChange((rule: ScoringRule) => updateRule(ingestion, rule.id, { active: !rule.active }));
  const remove = useRulesetChange((rule: ScoringRule) => deleteRule(ingestion, rule.id));
  const failure = toggle.error ?? remove.error;
  return (
    <div className="space-y-3">
      {failure && (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {describeError(failure)}
        </p>
      )}
      <div className="overflow-x-auto">
        <table data-testid="rules-table" className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Scoring rules</caption>
          <thead>
            <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <th scope="col" className="px-3 py-2">
                Rule
              </th>
              <th scope="col" className="px-3 py-2">
                Event type
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Points
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Conditions
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                Max per lead
              </th>
              <th scope="col" className="px-3 py-2">
                Active
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rules.map((rule) => (
              <tr key={rule.id} data-testid="rule-row" data-rule-id={rule.id} data-rule-name={rule.name} className={cx(!rule.active && 'text-slate-400')}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {rule.name}
                </th>
                <td className="px-3 py-2 font-mono text-xs">{rule.event_type}</td>
                <td data-testid="rule-points-cell" className={cx('px-3 py-2 text-right font-semibold tabular-nums', rule.points < 0 && 'text-rose-700')}>
                  {formatDelta(rule.points)}
                </td>
                <td className="hidden px-3 py-2 text-xs md:table-cell">
                  {rule.conditions.length === 0 ? <span className="text-slate-400">any</span> : rule.conditions.map((c, i) => <div key={i}>{describeCondition(c)}</div>)}
                </td>
                <td className="hidden px-3 py-2 tabular-nums sm:table-cell">{rule.max_per_lead ?? '∞'}</td>
                <td className="px-3 py-2">
                  <button
                    type="button"
                    role="switch"
                    aria-checked={rule.active}
                    aria-label={`${rule.name} active`}
                    data-testid="rule-active-toggle"
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate(rule)}
                    className={cx(
                      'relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
                      rule.active ? 'bg-indigo-600' : 'bg-slate-300',
                    )}
                  >
                    <span className={cx('inline-block size-4 translate-y-0.5 rounded-full bg-white shadow transition-transform', rule.active ? 'translate-x-4.5' : 'translate-x-0.5')} />
                  </button>
                </td>
                <td className="px-3 py-2">
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

function RuleEditor({ rule, onClose }: { rule: ScoringRule | null; onClose(): void }) {
  const { ingestion } = useApiClients();
  const id = useId();
  const [form, setForm] = useState<RuleForm>(rule ? formOfRule(rule) : EMPTY_RULE_FORM);
  const [errors, setErrors] = useState<RuleFormErrors>({});
  const save = useRulesetChange((input: ReturnType<typeof ruleOfForm> & { ok: true }) =>
    rule ? updateRule(ingestion, rule.id, input.rule) : createRule(ingestion, input.rule),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = ruleOfForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result, { onSuccess: onClose, onError: (error) => setErrors(detailsOf(error)) });
  }

  const setCondition = (index: number, change: Partial<ConditionForm>) =>
    setForm((current) => ({ ...current, conditions: current.conditions.map((condition, i) => (i === index ? { ...condition, ...change } : condition)) }));

  const text = (name: 'name' | 'event_type' | 'points' | 'max_per_lead', label: string, placeholder?: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className={LABEL}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        data-testid={`rule-${name}`}
        value={form[name]}
        placeholder={placeholder}
        inputMode={name === 'points' || name === 'max_per_lead' ? 'numeric' : undefined}
        onChange={(event) => setForm((current) => ({ ...current, [name]: event.target.value }))}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        className={cx(INPUT, 'mt-1')}
      />
      {errors[name] && (
        <p id={`${id}-${name}-error`} className={FIELD_ERROR}>
          {errors[name]}
        </p>
      )}
    </div>
  );

  return (
    <Card title={rule ? `Edit “${rule.name}”` : 'New rule'} testId="rule-editor" actions={<Button onClick={onClose} aria-label="Close the editor" className="px-2"><X aria-hidden="true" className="size-4" /></Button>}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {text('name', 'Name', 'Pricing page visit')}
          {text('event_type', 'Event type', 'PAGE_VIEW')}
          {text('points', 'Points (-1000 to 1000)')}
          {text('max_per_lead', 'Max times per lead', 'no limit')}
        </div>
        <fieldset className="space-y-2">
          <legend className={LABEL}>Conditions (all must hold)</legend>
          {form.conditions.length === 0 && <p className="text-sm text-slate-500">None: every event of this type scores.</p>}
          {form.conditions.map((condition, index) => (
            <div key={index} className="grid gap-2 sm:grid-cols-[1.5fr_1fr_1.5fr_auto]" data-testid="rule-condition">
              <div>
                <input
                  aria-label={`Condition ${index + 1} field`}
                  data-testid="condition-field"
                  value={condition.field}
                  placeholder="metadata.url"
                  onChange={(event) => setCondition(index, { field: event.target.value })}
                  aria-invalid={errors[`conditions.${index}.field`] ? true : undefined}
                  className={INPUT}
                />
                {errors[`conditions.${index}.field`] && <p className={FIELD_ERROR}>{errors[`conditions.${index}.field`]}</p>}
              </div>
              <select
                aria-label={`Condition ${index + 1} operator`}
                data-testid="condition-op"
                value={condition.op}
                onChange={(event) => setCondition(index, { op: event.target.value as ConditionForm['op'] })}
                className={INPUT}
              >
                {OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {OPERATOR_LABELS[op]}
                  </option>
                ))}
              </select>
              <div>
                <input
                  aria-label={`Condition ${index + 1} value`}
                  data-testid="condition-value"
                  value={condition.value}
                  placeholder={condition.op === 'in' ? 'a, b, c' : condition.op === 'exists' ? 'true (default) or false' : '/pricing'}
                  onChange={(event) => setCondition(index, { value: event.target.value })}
                  aria-invalid={errors[`conditions.${index}.value`] ? true : undefined}
                  className={INPUT}
                />
                {errors[`conditions.${index}.value`] && <p className={FIELD_ERROR}>{errors[`conditions.${index}.value`]}</p>}
              </div>
              <Button
                onClick={() => setForm((current) => ({ ...current, conditions: current.conditions.filter((_, i) => i !== index) }))}
                aria-label={`Remove condition ${index + 1}`}
                className="px-2"
              >
                <X aria-hidden="true" className="size-4" />
              </Button>
            </div>
          ))}
          <Button
            onClick={() => setForm((current) => ({ ...current, conditions: [...current.conditions, { field: 'metadata.', op: 'eq', value: '' }] }))}
            data-testid="condition-add"
            disabled={form.conditions.length >= 20}
          >
            <Plus aria-hidden="true" className="size-4" /> Add condition
          </Button>
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.active} onChange={(event) => setForm((current) => ({ ...current, active: event.target.checked }))} className="size-4 rounded" />
          Active
        </label>
        {save.isError && (
          <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {describeError(save.error)}
          </p>
        )}
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

function SettingsCard() {
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

function SettingsEditor({ settings }: { settings: ScoringSettings }) {
  const { ingestion } = useApiClients();
  const id = useId();
  const [form, setForm] = useState<SettingsForm>(() => formOfSettings(settings));
  const [errors, setErrors] = useState<RuleFormErrors>({});
  const save = useRulesetChange((next: ScoringSettings) => putSettings(ingestion, next));

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

  const number = (key: 'min_score' | 'max_score' | 'decay_percent' | 'decay_period_days', label: string, errorKey: string, placeholder?: string) => (
    <div>
      <label htmlFor={`${id}-${key}`} className={LABEL}>
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        data-testid={`settings-${key}`}
        inputMode="decimal"
        value={form[key]}
        placeholder={placeholder}
        onChange={(event) => setForm((current) => ({ ...current, [key]: event.target.value }))}
        aria-invalid={errors[errorKey] ? true : undefined}
        className={cx(INPUT, 'mt-1')}
      />
      {errors[errorKey] && <p className={FIELD_ERROR}>{errors[errorKey]}</p>}
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {number('min_score', 'Minimum score', 'min_score')}
        {number('max_score', 'Score cap', 'max_score', 'no cap')}
      </div>
      <fieldset className="space-y-2">
        <legend className={LABEL}>Stages (a lead is in the highest stage whose minimum it reaches)</legend>
        {form.stages.map((stage, index) => (
          <div key={index} className="grid max-w-md grid-cols-[1fr_7rem_auto] items-start gap-2" data-testid="settings-stage">
            <input
              aria-label={`Stage ${index + 1} name`}
              value={stage.name}
              onChange={(event) => setForm((current) => ({ ...current, stages: current.stages.map((s, i) => (i === index ? { ...s, name: event.target.value } : s)) }))}
              aria-invalid={errors[`stages.${index}.name`] ? true : undefined}
              className={INPUT}
            />
            <input
              aria-label={`Stage ${index + 1} minimum score`}
              inputMode="numeric"
              value={stage.min}
              onChange={(event) => setForm((current) => ({ ...current, stages: current.stages.map((s, i) => (i === index ? { ...s, min: event.target.value } : s)) }))}
              aria-invalid={errors[`stages.${index}.min`] ? true : undefined}
              className={INPUT}
            />
            <Button
              onClick={() => setForm((current) => ({ ...current, stages: current.stages.filter((_, i) => i !== index) }))}
              aria-label={`Remove stage ${stage.name || index + 1}`}
              disabled={form.stages.length <= 1}
              className="px-2"
            >
              <X aria-hidden="true" className="size-4" />
            </Button>
            {(errors[`stages.${index}.name`] || errors[`stages.${index}.min`]) && (
              <p className={cx(FIELD_ERROR, 'col-span-3')}>{errors[`stages.${index}.name`] ?? errors[`stages.${index}.min`]}</p>
            )}
          </div>
        ))}
        <Button onClick={() => setForm((current) => ({ ...current, stages: [...current.stages, { name: '', min: '' }] }))} disabled={form.stages.length >= 20}>
          <Plus aria-hidden="true" className="size-4" /> Add stage
        </Button>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className={LABEL}>Decay</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            data-testid="settings-decay-enabled"
            checked={form.decay_enabled}
            onChange={(event) => setForm((current) => ({ ...current, decay_enabled: event.target.checked }))}
            className="size-4 rounded"
          />
          Take a share of the score off for every period without events
        </label>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {number('decay_percent', 'Percent per period', 'decay.percent')}
          {number('decay_period_days', 'Period (days)', 'decay.period_days')}
        </div>
      </fieldset>
      {save.isError && (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {describeError(save.error)}
        </p>
      )}
      {save.isSuccess && <p className="text-sm text-emerald-700">Saved as ruleset v{save.data.ruleset_version}; every lead is being re-scored.</p>}
      <Button type="submit" variant="primary" disabled={save.isPending} data-testid="settings-save-button">
        {save.isPending ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
}
