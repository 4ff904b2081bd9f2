import { createHash } from 'node:crypto';
import { DeliveryDocument, LeadDocument } from '@lead-scoring/persistence';
import { FoundFiring } from './lead-triggers';

/** The n-th firing of a trigger for a lead always gets this id: it is the webhook-id its receiver sees. */
export function deliveryId(triggerId: string, leadKey: string, n: number): string {
  return `dlv_${createHash('sha256').update(`${triggerId}\u0000${leadKey}\u0000${n}`).digest('base64url').slice(0, 32)}`;
}

export function deliveryDocument(found: FoundFiring, lead: LeadDocument, now: Date): DeliveryDocument {
  return {
    _id: deliveryId(found.trigger_id, lead._id, found.firing.n),
    trigger_id: found.trigger_id,
    lead_key: lead._id,
    lead_id: lead.lead_id,
    status: found.send ? 'pending' : 'suppressed',
    firing: found.firing,
    lead: { lead_id: lead.lead_id, email: lead.email, name: lead.name, company: lead.company, score: lead.score, stage: lead.stage, grade: lead.grade ?? null },
    attempts: [],
    next_attempt_at: found.send ? now : null,
    created_at: now,
    updated_at: now,
  };
}

/** Where a delivery's 24 h of automatic retries count from: its last retry by hand, else its first attempt. */
export function retryWindowStart(delivery: Pick<DeliveryDocument, 'attempts' | 'retry_window_from'>, now: Date): Date {
  if (delivery.retry_window_from) return new Date(delivery.retry_window_from);
  return delivery.attempts[0] ? new Date(delivery.attempts[0].at) : now;
}
