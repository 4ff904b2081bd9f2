import { ErrorDetail, ScoringSettings, TriggerCondition } from '@lead-scoring/contracts';
import { checkDestinationUrl } from '@lead-scoring/outbound';

/** Problems a trigger's condition has against the current settings: a stage must be one of them. */
export function conditionProblems(condition: TriggerCondition | undefined, settings: ScoringSettings): ErrorDetail[] {
  if (condition?.type === 'grade_entered') {
    const grades = settings.grades.fit.flatMap((fit) => settings.grades.engagement.map((engagement) => `${fit.label}${engagement.label}`));
    return grades.includes(condition.grade) ? [] : [{ field: 'condition.grade', message: `must be one of the grades: ${grades.join(', ')}` }];
  }
  if (!condition || (condition.type !== 'stage_entered' && condition.type !== 'stage_left')) return [];
  const names = settings.stages.map((stage) => stage.name);
  return names.includes(condition.stage) ? [] : [{ field: 'condition.stage', message: `must be one of the stages: ${names.join(', ')}` }];
}

/**
 * Problems with a destination: it must resolve, and not to a refused address (private networks unless allowed,
 * cloud metadata always). Checked again at every attempt, inside the connection's DNS lookup.
 */
export async function destinationProblems(url: string | undefined, allowPrivateNetworks: boolean): Promise<ErrorDetail[]> {
  if (url === undefined) return [];
  const check = await checkDestinationUrl(url, { allowPrivateNetworks });
  return check.ok ? [] : [{ field: 'url', message: check.reason }];
}

/** The score range [min, max) where a score or stage condition holds now (null: unbounded), for counting leads past its line. */
export function holdingScoreRange(condition: Exclude<TriggerCondition, { type: 'grade_entered' }>, settings: ScoringSettings): { min: number | null; max: number | null; negate: boolean } {
  if (condition.type === 'score_at_least') return { min: condition.value, max: null, negate: false };
  if (condition.type === 'score_below') return { min: null, max: condition.value, negate: false };
  const stages = [...settings.stages].sort((a, b) => a.min - b.min);
  const index = stages.findIndex((stage) => stage.name === condition.stage);
  const range = { min: index <= 0 ? null : stages[index].min, max: index + 1 < stages.length ? stages[index + 1].min : null };
  return { ...range, negate: condition.type === 'stage_left' };
}
