/** What each queue of GET /api/system/queues does, for a person reading the system page; keyed by queue name. */
const QUEUES: Readonly<Record<string, { label: string; description: string; unit: string }>> = {
  scoring: { label: 'Scoring', description: 'Events folded into lead scores', unit: 'events' },
  'lead-updates': { label: 'Live updates', description: 'Score changes pushed to the dashboards', unit: 'updates' },
  recompute: { label: 'Re-scoring', description: 'Every lead re-scored after a rule or settings change', unit: 'leads' },
  'trigger-deliveries': { label: 'Trigger webhooks', description: 'Outbound webhooks of triggers; one job per attempt, retries wait as delayed jobs', unit: 'attempts' },
};

export interface QueueLabel {
  label: string;
  description: string | null;
}

/** A readable name for a queue; an unknown one keeps its own name. */
export function queueLabel(name: string): QueueLabel {
  const known = QUEUES[name];
  return known ? { label: known.label, description: known.description } : { label: name, description: null };
}

/** The throughput's unit as the API names it, or the queue's usual one when the API sends none (or the generic `jobs`). */
export function throughputUnit(name: string, unit: string | undefined): string {
  const own = unit?.trim();
  if (own && own !== 'jobs') return own;
  return QUEUES[name]?.unit ?? (own || 'jobs');
}
