import type { RuleKind } from '@lead-scoring/contracts';
import { Plus, X } from 'lucide-react';
import { useId } from 'react';
import { Button } from '../components/Button';
import { FIELD_ERROR, INPUT, LABEL } from '../components/form-styles';
import { type ConditionForm, conditionPrefix, OPERATOR_LABELS, OPERATORS, type RuleFormErrors } from './rule-form';

interface ConditionsFieldsetProps {
  kind: RuleKind;
  conditions: readonly ConditionForm[];
  errors: RuleFormErrors;
  /** Trait keys to suggest in a fit rule's fields (`seniority` is offered as `traits.seniority`). */
  traitKeys: readonly string[];
  onChange(conditions: ConditionForm[]): void;
}

const MAX_CONDITIONS = 20;

/** A rule's conditions, all of which must hold: on the event for engagement rules, on the lead's traits for fit rules. */
export function ConditionsFieldset({ kind, conditions, errors, traitKeys, onChange }: ConditionsFieldsetProps) {
  const listId = `${useId()}-trait-keys`;
  const fit = kind === 'fit';
  const set = (index: number, change: Partial<ConditionForm>) => onChange(conditions.map((condition, i) => (i === index ? { ...condition, ...change } : condition)));
  return (
    <fieldset className="space-y-2" data-testid="rule-conditions" data-kind={kind}>
      <legend className={LABEL}>{fit ? 'Conditions on the lead’s traits (all must hold)' : 'Conditions (all must hold)'}</legend>
      {conditions.length === 0 && (
        <p className="text-sm text-slate-500">{fit ? 'None: every lead gets these points.' : 'None: every event of this type scores.'}</p>
      )}
      {fit && (
        <datalist id={listId} data-testid="trait-key-options">
          {traitKeys.map((key) => (
            <option key={key} value={`traits.${key}`} />
          ))}
        </datalist>
      )}
      {conditions.map((condition, index) => {
        const fieldError = errors[`conditions.${index}.field`];
        const valueError = errors[`conditions.${index}.value`];
        return (
          <div key={index} className="grid gap-2 sm:grid-cols-[1.5fr_1fr_1.5fr_auto]" data-testid="rule-condition">
            <div>
              <input
                aria-label={`Condition ${index + 1} field`}
                data-testid="condition-field"
                value={condition.field}
                list={fit ? listId : undefined}
                placeholder={fit ? 'traits.seniority' : 'metadata.url'}
                autoComplete="off"
                onChange={(event) => set(index, { field: event.target.value })}
                aria-invalid={fieldError ? true : undefined}
                className={INPUT}
              />
              {fieldError && <p className={FIELD_ERROR}>{fieldError}</p>}
            </div>
            <select
              aria-label={`Condition ${index + 1} operator`}
              data-testid="condition-op"
              value={condition.op}
              onChange={(event) => set(index, { op: event.target.value as ConditionForm['op'] })}
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
                placeholder={placeholderOf(condition.op, fit)}
                onChange={(event) => set(index, { value: event.target.value })}
                aria-invalid={valueError ? true : undefined}
                className={INPUT}
              />
              {valueError && <p className={FIELD_ERROR}>{valueError}</p>}
            </div>
            <Button onClick={() => onChange(conditions.filter((_, i) => i !== index))} aria-label={`Remove condition ${index + 1}`} className="px-2">
              <X aria-hidden="true" className="size-4" />
            </Button>
          </div>
        );
      })}
      <Button
        onClick={() => onChange([...conditions, { field: conditionPrefix(kind), op: fit ? 'in' : 'eq', value: '' }])}
        data-testid="condition-add"
        disabled={conditions.length >= MAX_CONDITIONS}
      >
        <Plus aria-hidden="true" className="size-4" /> Add condition
      </Button>
    </fieldset>
  );
}

function placeholderOf(op: ConditionForm['op'], fit: boolean): string {
  if (op === 'in') return fit ? 'c-level, vp, director' : 'a, b, c';
  if (op === 'exists') return 'true (default) or false';
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return fit ? '200' : '100';
  return fit ? 'software' : '/pricing';
}
