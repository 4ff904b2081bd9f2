import type { ScoringRule } from '@lead-scoring/contracts';

/** The trait keys the active fit rules read (`traits.seniority` reads seniority). */
export function keysReadByFitRules(rules: readonly ScoringRule[] | undefined): Set<string> {
  const keys = new Set<string>();
  for (const rule of rules ?? []) {
    if (rule.kind !== 'fit' || !rule.active) continue;
    for (const condition of rule.conditions) if (condition.field.startsWith('traits.')) keys.add(condition.field.slice('traits.'.length).split('.')[0]);
  }
  return keys;
}
