import { Plus, X } from 'lucide-react';
import { Button } from '../components/Button';
import { FIELD_ERROR, INPUT, LABEL } from '../components/form-styles';
import { cx } from '../lib/cx';
import type { BandForm, GradeAxis, SettingsFormErrors } from './settings-form';

interface GradeBandsFieldsetProps {
  axis: GradeAxis;
  bands: readonly BandForm[];
  errors: SettingsFormErrors;
  onChange(bands: BandForm[]): void;
}

const LEGENDS: Record<GradeAxis, string> = {
  fit: 'Fit grades (from the fit score)',
  engagement: 'Engagement grades (from the engagement score)',
};

const MAX_BANDS = 10;

/** The labels of one axis of the grade and the score each starts at; a grade is fit label + engagement label (A1). */
export function GradeBandsFieldset({ axis, bands, errors, onChange }: GradeBandsFieldsetProps) {
  const set = (index: number, change: Partial<BandForm>) => onChange(bands.map((band, i) => (i === index ? { ...band, ...change } : band)));
  const at = (index: number) => `grades.${axis}.${index}`;
  return (
    <fieldset className="space-y-2" data-testid={`settings-grades-${axis}`}>
      <legend className={LABEL}>{LEGENDS[axis]}</legend>
      {bands.map((band, index) => {
        const error = errors[`${at(index)}.label`] ?? errors[`${at(index)}.min`];
        return (
          <div key={index} className="grid max-w-xs grid-cols-[5rem_1fr_auto] items-start gap-2" data-testid="settings-grade-band" data-axis={axis}>
            <input
              aria-label={`${axis === 'fit' ? 'Fit' : 'Engagement'} grade ${index + 1} label`}
              data-testid="grade-band-label"
              value={band.label}
              maxLength={3}
              onChange={(event) => set(index, { label: event.target.value })}
              aria-invalid={errors[`${at(index)}.label`] ? true : undefined}
              className={INPUT}
            />
            <div className="flex items-center gap-2">
              <span aria-hidden="true" className="text-sm text-slate-500">
                from
              </span>
              <input
                aria-label={`${axis === 'fit' ? 'Fit' : 'Engagement'} grade ${band.label || index + 1} minimum score`}
                data-testid="grade-band-min"
                inputMode="numeric"
                value={band.min}
                onChange={(event) => set(index, { min: event.target.value })}
                aria-invalid={errors[`${at(index)}.min`] ? true : undefined}
                className={INPUT}
              />
            </div>
            <Button onClick={() => onChange(bands.filter((_, i) => i !== index))} aria-label={`Remove grade ${band.label || index + 1}`} disabled={bands.length <= 1} className="px-2">
              <X aria-hidden="true" className="size-4" />
            </Button>
            {error && <p className={cx(FIELD_ERROR, 'col-span-3')}>{error}</p>}
          </div>
        );
      })}
      {errors[`grades.${axis}`] && <p className={FIELD_ERROR}>{errors[`grades.${axis}`]}</p>}
      <Button onClick={() => onChange([...bands, { label: '', min: '' }])} disabled={bands.length >= MAX_BANDS}>
        <Plus aria-hidden="true" className="size-4" /> Add grade
      </Button>
    </fieldset>
  );
}
