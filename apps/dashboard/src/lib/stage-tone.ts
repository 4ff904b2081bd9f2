export type StageTone = 'cold' | 'warm' | 'hot' | 'qualified' | 'other';

const KNOWN_TONES: ReadonlySet<string> = new Set(['cold', 'warm', 'hot', 'qualified']);

/** Stage names come from the settings and can be renamed or added: unknown ones get a neutral tone. */
export function stageTone(stage: string | null | undefined): StageTone {
  const name = stage?.trim().toLowerCase() ?? '';
  return KNOWN_TONES.has(name) ? (name as StageTone) : 'other';
}
