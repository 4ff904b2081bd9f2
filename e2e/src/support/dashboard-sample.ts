import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES } from '@lead-scoring/contracts';
import { REPO_ROOT } from './infrastructure';

/** One row of the repository's sample_batch.csv (the seed layout: metadata is a JSON column). */
export interface SampleRow {
  event_id: string;
  event_type: string;
  email: string;
  metadata: Record<string, unknown>;
}

/** Parses sample_batch.csv: five plain columns, then one quoted JSON column with doubled quotes. */
export function readSampleRows(): SampleRow[] {
  const lines = readFileSync(join(REPO_ROOT, 'sample_batch.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const parts = line.split(',');
    const [event_id, event_type, , email] = parts;
    const json = line.slice(parts.slice(0, 5).join(',').length + 1).replace(/^"|"$/g, '').replace(/""/g, '"');
    return { event_id, event_type, email: email.toLowerCase(), metadata: JSON.parse(json) as Record<string, unknown> };
  });
}

/**
 * Each lead's score under the default rules plus optional extra points per row, from the file itself (not from
 * the system under test): min(1000, sum of points), SPEC.md "Scoring semantics".
 */
export function expectedScores(rows: SampleRow[], extra: (row: SampleRow) => number = () => 0): Map<string, number> {
  const points = new Map(DEFAULT_RULES.map((rule) => [rule.event_type, rule.points]));
  const scores = new Map<string, number>();
  for (const row of rows) scores.set(row.email, (scores.get(row.email) ?? 0) + (points.get(row.event_type) ?? 0) + extra(row));
  for (const [email, score] of scores) scores.set(email, Math.min(1000, Math.max(0, score)));
  return scores;
}
