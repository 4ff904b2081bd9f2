import { ScoringJob } from '@lead-scoring/contracts';

/** The parts of a waiting BullMQ job that decide whether another job may fold its leads. */
export interface WaitingJob {
  data?: ScoringJob;
  attemptsMade: number;
  stalledCounter?: number;
}

/**
 * Under a backlog the same leads wait in many jobs of a partition (one per batch that named them). A job folds its
 * own leads and those of the waiting jobs, in queue order, while the total stays within `maxLeads`: each lead is
 * then written once for the whole backlog. `covered` are the waiting jobs whose every lead is folded that way, to be
 * removed once the fold is done. Jobs tried before are left to run themselves, as a re-fold of their own leads.
 */
export function foldWaitingJobs<J extends WaitingJob>(own: string[], waiting: (J | null | undefined)[], maxLeads: number): { leadKeys: string[]; covered: J[] } {
  const leadKeys = new Set(own);
  const covered: J[] = [];
  for (const other of waiting) {
    const keys = other?.data?.lead_keys;
    if (!other || !keys || other.attemptsMade > 0 || (other.stalledCounter ?? 0) > 0) continue;
    const unseen = keys.filter((leadKey) => !leadKeys.has(leadKey));
    if (leadKeys.size + unseen.length > maxLeads) break;
    for (const leadKey of unseen) leadKeys.add(leadKey);
    covered.push(other);
  }
  return { leadKeys: [...leadKeys], covered };
}
