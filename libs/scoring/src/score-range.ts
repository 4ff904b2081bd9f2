import { ScoringSettings } from '@lead-scoring/contracts';

/** Keeps a score inside the settings' [min_score, max_score] range (a null max_score means no cap). */
export function clampScore(score: number, settings: ScoringSettings): number {
  const upper = settings.max_score ?? Number.POSITIVE_INFINITY;
  return Math.min(upper, Math.max(settings.min_score, score));
}

/** The stage with the highest `min` not above the score; the first stage when none is, 'none' when there are none. */
export function stageFor(score: number, settings: ScoringSettings): string {
  let stage = settings.stages[0]?.name ?? 'none';
  for (const candidate of settings.stages) {
    if (candidate.min <= score) stage = candidate.name;
  }
  return stage;
}

/** Keeps a fit score inside `settings.fit`. */
export function clampFit(fit: number, settings: ScoringSettings): number {
  return Math.min(settings.fit.max, Math.max(settings.fit.min, fit));
}

/** The label of the band with the highest `min` not above the score; the lowest band's when none is. */
function bandFor(score: number, bands: readonly { label: string; min: number }[]): string {
  let best: { label: string; min: number } | null = null;
  let lowest: { label: string; min: number } | null = null;
  for (const band of bands) {
    if (band.min <= score && (!best || band.min > best.min)) best = band;
    if (!lowest || band.min < lowest.min) lowest = band;
  }
  return (best ?? lowest)?.label ?? '';
}

/** A lead's grade: its fit label followed by its engagement label (`A1` is the best with the default bands). */
export function gradeFor(fit: number, score: number, settings: ScoringSettings): string {
  return `${bandFor(fit, settings.grades.fit)}${bandFor(score, settings.grades.engagement)}`;
}
