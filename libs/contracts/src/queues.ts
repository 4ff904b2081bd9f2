// WARNING: queue names are stored in Redis keys. Renaming one strands the jobs already waiting under the old
// name; drain the queues (or migrate their keys) before deploying a rename.

/** Scoring is partitioned by lead so that one lead's documents only ever have one writer at a time. */
export const SCORING_QUEUE_PREFIX = 'scoring.p';
/** The partitions as one queue, as GET /api/system/queues reports them. */
export const SCORING_QUEUES = 'scoring';
/** Live updates for the realtime gateways (score changes, upload progress); each job's name is its Socket.io event. */
export const LEAD_UPDATES_QUEUE = 'lead-updates';

export function scoringQueueName(partition: number): string {
  return `${SCORING_QUEUE_PREFIX}${partition}`;
}

export type ScoringJobReason = 'ingest' | 'reconcile' | 'recompute';

/** Asks the worker to fold the pending events of these leads (all routed to the job's partition). */
export interface ScoringJob {
  lead_keys: string[];
  reason: ScoringJobReason;
}

export const SCORING_JOB_NAME = 'score-leads';

/** Re-scores every lead with ruleset `version` after a rule or settings change. */
export const RECOMPUTE_QUEUE = 'recompute';

export interface RecomputeJob {
  version: number;
}

/** Outbound trigger webhooks: one job per attempt of a delivery, off the scoring path. */
export const TRIGGER_DELIVERIES_QUEUE = 'trigger-deliveries';

export interface DeliveryJob {
  delivery_id: string;
}
