import { createHash } from 'node:crypto';
import { canonicalJson } from '@lead-scoring/contracts';
import { ActiveTrigger } from '@lead-scoring/persistence';

/**
 * The active triggers a fold follows, with a digest of their conditions saved on each lead folded with them. A lead
 * saved with another digest (a trigger created, edited, switched on or off, deleted) is re-folded from its log on
 * its next fold, so that its firings are numbered along its whole history. No trigger: a null digest, as on leads
 * saved before triggers existed, so that those are not re-folded for nothing.
 */
export interface TriggerSet {
  triggers: ActiveTrigger[];
  digest: string | null;
}

export const NO_TRIGGERS: TriggerSet = { triggers: [], digest: null };

export function triggerSet(triggers: ActiveTrigger[]): TriggerSet {
  if (triggers.length === 0) return NO_TRIGGERS;
  const sorted = [...triggers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { triggers: sorted, digest: createHash('sha256').update(canonicalJson(sorted)).digest('base64url') };
}
