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
