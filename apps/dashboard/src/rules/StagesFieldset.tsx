import { Plus, X } from 'lucide-react';
import { Button } from '../components/Button';
import { FIELD_ERROR, INPUT, LABEL } from '../components/form-styles';
import { cx } from '../lib/cx';
import type { SettingsForm, SettingsFormErrors } from './settings-form';

type Stages = SettingsForm['stages'];

/** The stages: a lead is in the highest stage whose minimum its engagement score reaches. */
export function StagesFieldset({ stages, errors, onChange }: { stages: Stages; errors: SettingsFormErrors; onChange(stages: Stages): void }) {
  const set = (index: number, change: Partial<Stages[number]>) => onChange(stages.map((stage, i) => (i === index ? { ...stage, ...change } : stage)));
  return (
    <fieldset className="space-y-2">
      <legend className={LABEL}>Stages (a lead is in the highest stage whose minimum it reaches)</legend>
      {stages.map((stage, index) => {
        const error = errors[`stages.${index}.name`] ?? errors[`stages.${index}.min`];
        return (
          <div key={index} className="grid max-w-md grid-cols-[1fr_7rem_auto] items-start gap-2" data-testid="settings-stage">
            <input
              aria-label={`Stage ${index + 1} name`}
              value={stage.name}
              onChange={(event) => set(index, { name: event.target.value })}
              aria-invalid={errors[`stages.${index}.name`] ? true : undefined}
              className={INPUT}
            />
            <input
              aria-label={`Stage ${index + 1} minimum score`}
              inputMode="numeric"
              value={stage.min}
              onChange={(event) => set(index, { min: event.target.value })}
              aria-invalid={errors[`stages.${index}.min`] ? true : undefined}
              className={INPUT}
            />
            <Button onClick={() => onChange(stages.filter((_, i) => i !== index))} aria-label={`Remove stage ${stage.name || index + 1}`} disabled={stages.length <= 1} className="px-2">
              <X aria-hidden="true" className="size-4" />
            </Button>
            {error && <p className={cx(FIELD_ERROR, 'col-span-3')}>{error}</p>}
          </div>
        );
      })}
      {errors['stages'] && <p className={FIELD_ERROR}>{errors['stages']}</p>}
      <Button onClick={() => onChange([...stages, { name: '', min: '' }])} disabled={stages.length >= 20}>
        <Plus aria-hidden="true" className="size-4" /> Add stage
      </Button>
    </fieldset>
  );
}
