import type { Delivery, DeliveryAttempt, DeliveryStatus, Firing, Trigger, TriggerTestResult } from '@lead-scoring/contracts';
import { formatRelativeTime, formatScore, MISSING } from '../lib/format';

// Pure wording of deliveries, attempts and test sends.

/** The status filter tabs of a trigger's deliveries; null is every status. */
export const DELIVERY_TABS: readonly { status: DeliveryStatus | null; label: string }[] = [
  { status: null, label: 'All' },
  { status: 'pending', label: 'Pending' },
  { status: 'delivered', label: 'Delivered' },
  { status: 'failed', label: 'Failed' },
  { status: 'suppressed', label: 'Suppressed' },
];

export const STATUS_DESCRIPTIONS: Readonly<Record<DeliveryStatus, string>> = {
  pending: 'To be sent, or being retried',
  delivered: 'The destination answered 2xx',
  failed: 'Gave up: a 4xx other than 429, 24 hours of retries, or the trigger was deleted',
  suppressed: 'Recorded, never sent: the firing came from a configuration change, not from an event',
};

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What the destination said to one attempt: its HTTP status, or why there was none. */
export function describeAttempt(attempt: Pick<DeliveryAttempt, 'status_code' | 'error'>): string {
  if (attempt.status_code !== null) return attempt.error ? `HTTP ${attempt.status_code}: ${attempt.error}` : `HTTP ${attempt.status_code}`;
  return attempt.error ?? 'no answer';
}

export const attemptSucceeded = (attempt: Pick<DeliveryAttempt, 'status_code'>) => attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300;

/** "40 → 55". */
export function scoreChange(firing: Pick<Firing, 'score_before' | 'score_after'>): string {
  return `${formatScore(firing.score_before)} → ${formatScore(firing.score_after)}`;
}

/** When a pending delivery is tried next; nothing for the others. */
export function nextAttemptText(delivery: Pick<Delivery, 'status' | 'next_attempt_at'>, now: number): string {
  if (delivery.status !== 'pending') return MISSING;
  if (!delivery.next_attempt_at) return 'queued';
  return Date.parse(delivery.next_attempt_at) <= now ? 'due now' : formatRelativeTime(delivery.next_attempt_at, now);
}

/** The lead as a person reads it: email, else name, else id. */
export function leadText(delivery: Pick<Delivery, 'lead_id' | 'lead'>): string {
  return delivery.lead?.email || delivery.lead?.name || delivery.lead_id;
}

/** A test send in one sentence. */
export function describeTestResult(result: TriggerTestResult): string {
  const took = formatDuration(result.duration_ms);
  if (result.status_code !== null) {
    return `${result.ok ? 'Delivered' : 'Not accepted'}: the destination answered HTTP ${result.status_code} in ${took}.${result.error ? ` ${result.error}` : ''}`;
  }
  return `No answer after ${took}: ${result.error ?? 'the request failed'}.`;
}

/** Trigger names by id, for the firings of a lead. */
export function triggerNames(triggers: readonly Pick<Trigger, 'id' | 'name'>[] | undefined): ReadonlyMap<string, string> {
  return new Map((triggers ?? []).map((trigger) => [trigger.id, trigger.name]));
}

/** The trigger's name; while the list is loading, or once the trigger is deleted, its id. */
export function triggerNameOf(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}
