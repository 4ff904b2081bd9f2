import type { GradeCounts, GradeSettings } from '@lead-scoring/contracts';

/** The documented default bands, for a gateway that does not send any yet. */
export const DEFAULT_GRADE_LABELS = { fit: ['A', 'B', 'C'], engagement: ['1', '2', '3'] } as const;

export type GradeTone = 'best' | 'middle' | 'low' | 'unknown';

/** The labels of each axis, best first (bands are sorted by `min`, descending). */
export function gradeLabels(grades: GradeSettings | undefined): { fit: readonly string[]; engagement: readonly string[] } {
  if (!grades) return DEFAULT_GRADE_LABELS;
  const labels = (bands: GradeSettings['fit']) => [...bands].sort((a, b) => b.min - a.min).map((band) => band.label);
  return { fit: labels(grades.fit), engagement: labels(grades.engagement) };
}

/** Every grade (fit label followed by engagement label), best first: A1, A2, A3, B1… */
export function allGrades(labels: { fit: readonly string[]; engagement: readonly string[] }): string[] {
  return labels.fit.flatMap((fit) => labels.engagement.map((engagement) => `${fit}${engagement}`));
}

/** Splits a grade into its fit and engagement labels, e.g. `A1` into `A` and `1` (labels may be up to 3 long). */
export function splitGrade(grade: string, fitLabels: readonly string[]): { fit: string; engagement: string } | null {
  const fit = [...fitLabels].sort((a, b) => b.length - a.length).find((label) => grade.startsWith(label) && grade.length > label.length);
  return fit ? { fit, engagement: grade.slice(fit.length) } : null;
}

/**
 * The colour family of a grade, from where its fit label sits among the fit bands: the best band, the worst one or
 * one in between. A grade whose fit label is unknown (settings renamed since) is neutral.
 */
export function gradeTone(grade: string | null | undefined, fitLabels: readonly string[] = DEFAULT_GRADE_LABELS.fit): GradeTone {
  if (!grade) return 'unknown';
  const parts = splitGrade(grade, fitLabels);
  if (!parts) return 'unknown';
  const index = fitLabels.indexOf(parts.fit);
  if (index === 0) return 'best';
  if (index === fitLabels.length - 1) return 'low';
  return 'middle';
}

/** The count of each cell of the fit x engagement grid, and the largest one (for the heat shading). */
export function gradeGrid(counts: GradeCounts): { rows: { fit: string; cells: { grade: string; engagement: string; count: number }[] }[]; max: number; total: number } {
  const byGrade = new Map(counts.items.map((item) => [`${item.fit}\u0000${item.engagement}`, item]));
  const rows = counts.fit_labels.map((fit) => ({
    fit,
    cells: counts.engagement_labels.map((engagement) => {
      const item = byGrade.get(`${fit}\u0000${engagement}`);
      return { grade: item?.grade ?? `${fit}${engagement}`, engagement, count: item?.count ?? 0 };
    }),
  }));
  const all = rows.flatMap((row) => row.cells.map((cell) => cell.count));
  return { rows, max: Math.max(0, ...all), total: all.reduce((sum, count) => sum + count, 0) };
}

/** The shade of a grid cell, 0..5: 0 for an empty one, else 1..5 in proportion to the fullest cell. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((count / max) * 5));
}
