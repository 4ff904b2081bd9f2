import { INPUT } from '../components/form-styles';
import { cx } from '../lib/cx';
import { FormField, invalidProps } from '../components/FormField';
import { CONDITION_TYPE_LABELS, CONDITION_TYPES, type ConditionType, hysteresisHint, isScoreType, rearmKey, type TriggerForm, type TriggerFormErrors } from './trigger-form';

interface ConditionFieldsProps {
  form: TriggerForm;
  errors: TriggerFormErrors;
  /** The stage names of the settings, for the stage conditions. */
  stages: readonly string[];
  /** Every grade of the settings (A1, A2…), for the grade condition. */
  grades: readonly string[];
  onChange(change: Partial<TriggerForm>): void;
}

/** The line a lead crosses: its type, the score or stage, where it re-arms, and the hysteresis in one sentence. */
export function ConditionFields({ form, errors, stages, grades, onChange }: ConditionFieldsProps) {
  const score = isScoreType(form.type);
  // A stage renamed since the trigger was saved stays selectable, so an edit does not silently change it.
  const stageOptions = form.stage && !stages.includes(form.stage) ? [...stages, form.stage] : stages;
  const gradeOptions = form.grade && !grades.includes(form.grade) ? [...grades, form.grade] : grades;
  const rearmError = errors[rearmKey(form.type)];
  return (
    <fieldset className="space-y-2" data-testid="trigger-condition">
      <legend className="sr-only">Condition</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField id="trigger-type" label="When" error={errors['condition.type']}>
          <select
            id="trigger-type"
            data-testid="trigger-type"
            value={form.type}
            onChange={(event) => onChange({ type: event.target.value as ConditionType })}
            className={INPUT}
            {...invalidProps('trigger-type', errors['condition.type'])}
          >
            {CONDITION_TYPES.map((type) => (
              <option key={type} value={type}>
                {CONDITION_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </FormField>
        {score ? (
          <>
            <FormField id="trigger-value" label="Score" error={errors['condition.value']}>
              <input
                id="trigger-value"
                data-testid="trigger-value"
                inputMode="numeric"
                placeholder="150"
                value={form.value}
                onChange={(event) => onChange({ value: event.target.value })}
                className={INPUT}
                {...invalidProps('trigger-value', errors['condition.value'])}
              />
            </FormField>
            <FormField id="trigger-rearm" label={form.type === 'score_at_least' ? 'Re-arm below (optional)' : 'Re-arm at (optional)'} error={rearmError}>
              <input
                id="trigger-rearm"
                data-testid="trigger-rearm"
                inputMode="numeric"
                placeholder={form.value.trim() || 'same as the score'}
                value={form.rearm}
                onChange={(event) => onChange({ rearm: event.target.value })}
                className={INPUT}
                {...invalidProps('trigger-rearm', rearmError)}
              />
            </FormField>
          </>
        ) : form.type === 'grade_entered' ? (
          <FormField id="trigger-grade" label="Grade (fit + engagement)" error={errors['condition.grade']}>
            <select
              id="trigger-grade"
              data-testid="trigger-grade"
              value={form.grade}
              onChange={(event) => onChange({ grade: event.target.value })}
              className={INPUT}
              {...invalidProps('trigger-grade', errors['condition.grade'])}
            >
              <option value="">Choose a grade…</option>
              {gradeOptions.map((grade) => (
                <option key={grade} value={grade}>
                  {grade}
                </option>
              ))}
            </select>
          </FormField>
        ) : (
          <FormField id="trigger-stage" label="Stage" error={errors['condition.stage']}>
            <select
              id="trigger-stage"
              data-testid="trigger-stage"
              value={form.stage}
              onChange={(event) => onChange({ stage: event.target.value })}
              className={cx(INPUT, 'capitalize')}
              {...invalidProps('trigger-stage', errors['condition.stage'])}
            >
              <option value="">Choose a stage…</option>
              {stageOptions.map((stage) => (
                <option key={stage} value={stage}>
                  {stage}
                </option>
              ))}
            </select>
          </FormField>
        )}
      </div>
      <p data-testid="trigger-hysteresis-hint" className="text-xs text-slate-600">
        {hysteresisHint(form)}
      </p>
    </fieldset>
  );
}
