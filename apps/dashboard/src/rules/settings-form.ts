import type { AccountStrategy, GradeBand, ScoringSettings } from '@lead-scoring/contracts';

/** Form errors keyed as the gateway names the fields: `min_score`, `stages.1.min`, `grades.fit.0.label`… */
export type SettingsFormErrors = Record<string, string>;

export interface BandForm {
  label: string;
  min: string;
}

export interface SettingsForm {
  min_score: string;
  max_score: string;
  stages: { name: string; min: string }[];
  decay_enabled: boolean;
  decay_percent: string;
  decay_period_days: string;
  fit_min: string;
  fit_max: string;
  fit_grades: BandForm[];
  engagement_grades: BandForm[];
  account_strategy: AccountStrategy;
  account_n: string;
}

export type GradeAxis = 'fit' | 'engagement';

export const ACCOUNT_STRATEGY_LABELS: Readonly<Record<AccountStrategy, string>> = {
  sum: 'Sum of its leads’ scores',
  max: 'Its best lead’s score',
  top_n_average: 'Average of its best n leads',
};

/** Kept in step with SCORE_SETTING_LIMIT (contracts), which is not imported so that no runtime code of it is bundled. */
const LIMIT = 1_000_000;

const bandsForm = (bands: readonly GradeBand[]): BandForm[] => bands.map((band) => ({ label: band.label, min: String(band.min) }));

export function formOfSettings(settings: ScoringSettings): SettingsForm {
  return {
    min_score: String(settings.min_score),
    max_score: settings.max_score === null ? '' : String(settings.max_score),
    stages: settings.stages.map((stage) => ({ name: stage.name, min: String(stage.min) })),
    decay_enabled: settings.decay.enabled,
    decay_percent: String(settings.decay.percent),
    decay_period_days: String(settings.decay.period_days),
    // An older gateway without fit, grades or accounts: the form starts from the documented defaults.
    fit_min: String(settings.fit?.min ?? 0),
    fit_max: String(settings.fit?.max ?? 100),
    fit_grades: bandsForm(settings.grades?.fit ?? [{ label: 'A', min: 60 }, { label: 'B', min: 30 }, { label: 'C', min: 0 }]),
    engagement_grades: bandsForm(settings.grades?.engagement ?? [{ label: '1', min: 200 }, { label: '2', min: 50 }, { label: '3', min: 0 }]),
    account_strategy: settings.accounts?.strategy ?? 'sum',
    account_n: String(settings.accounts?.n ?? 3),
  };
}

function integer(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** A whole number within the gateway's bounds, or an error under `key`. */
function bounded(text: string, key: string, errors: SettingsFormErrors): number | null {
  const number = integer(text);
  if (number === null) errors[key] = 'Enter a whole number.';
  else if (Math.abs(number) > LIMIT) errors[key] = `Between -${LIMIT} and ${LIMIT}.`;
  else return number;
  return null;
}

function bandsOf(bands: readonly BandForm[], axis: GradeAxis, errors: SettingsFormErrors): GradeBand[] {
  const labels = new Set<string>();
  const parsed = bands.map((band, index) => {
    const label = band.label.trim();
    const at = `grades.${axis}.${index}`;
    if (!/^[A-Za-z0-9]{1,3}$/.test(label)) errors[`${at}.label`] = '1 to 3 letters or digits.';
    else if (labels.has(label)) errors[`${at}.label`] = 'Labels must differ.';
    labels.add(label);
    return { label, min: bounded(band.min, `${at}.min`, errors) ?? 0 };
  });
  if (parsed.length === 0) errors[`grades.${axis}`] = 'Keep at least one band.';
  return parsed.sort((a, b) => b.min - a.min);
}

export function settingsOfForm(form: SettingsForm): { ok: true; settings: ScoringSettings } | { ok: false; errors: SettingsFormErrors } {
  const errors: SettingsFormErrors = {};
  const min = integer(form.min_score);
  if (min === null) errors['min_score'] = 'Enter a whole number.';
  let max: number | null = null;
  if (form.max_score.trim()) {
    max = integer(form.max_score);
    if (max === null) errors['max_score'] = 'Empty for no cap, or a whole number.';
    else if (min !== null && max < min) errors['max_score'] = 'Must not be below the minimum.';
  }
  const names = new Set<string>();
  const stages = form.stages.map((stage, index) => {
    const name = stage.name.trim();
    if (!name) errors[`stages.${index}.name`] = 'Enter a name.';
    else if (names.has(name.toLowerCase())) errors[`stages.${index}.name`] = 'Stage names must differ.';
    names.add(name.toLowerCase());
    const stageMin = integer(stage.min);
    if (stageMin === null) errors[`stages.${index}.min`] = 'Enter a whole number.';
    return { name, min: stageMin ?? 0 };
  });
  if (stages.length === 0) errors['stages'] = 'Keep at least one stage.';
  const percent = Number(form.decay_percent);
  if (!(percent >= 0.1 && percent <= 100)) errors['decay.percent'] = 'Between 0.1 and 100.';
  const period = Number(form.decay_period_days);
  if (!(period >= 1 && period <= 3650)) errors['decay.period_days'] = 'Between 1 and 3650 days.';

  const fitMin = bounded(form.fit_min, 'fit.min', errors);
  const fitMax = bounded(form.fit_max, 'fit.max', errors);
  if (fitMin !== null && fitMax !== null && fitMax < fitMin) errors['fit.max'] = 'Must not be below the minimum.';
  const fitGrades = bandsOf(form.fit_grades, 'fit', errors);
  const engagementGrades = bandsOf(form.engagement_grades, 'engagement', errors);
  const n = integer(form.account_n);
  if (form.account_strategy === 'top_n_average' && (n === null || n < 1 || n > 100)) errors['accounts.n'] = 'A whole number from 1 to 100.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      min_score: min as number,
      max_score: max,
      stages: [...stages].sort((a, b) => a.min - b.min),
      decay: { enabled: form.decay_enabled, percent, period_days: period },
      fit: { min: fitMin as number, max: fitMax as number },
      grades: { fit: fitGrades, engagement: engagementGrades },
      // n is kept as it was while another strategy is chosen, so switching back finds it.
      accounts: { strategy: form.account_strategy, n: n !== null && n >= 1 && n <= 100 ? n : 3 },
    },
  };
}


/** "A ≥ 60 · B ≥ 30 · C < 30": the bands of one axis in words (the lowest band also takes anything below its min). */
export function describeBands(bands: readonly GradeBand[]): string {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted
    .map((band, index) => (index > 0 && index === sorted.length - 1 ? `${band.label} < ${sorted[index - 1].min}` : `${band.label} ≥ ${band.min}`))
    .join(' · ');
}
