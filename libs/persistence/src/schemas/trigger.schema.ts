import { Schema } from 'mongoose';
import { Delivery, DeliveryAttempt, DeliveryLead, DeliveryStatus, Firing, TriggerCondition, TriggerFormat } from '@lead-scoring/contracts';

/** A signing secret; after a rotation the old one keeps signing until `expires_at` (receivers switch over meanwhile). */
export interface TriggerSecret {
  secret: string;
  created_at: Date;
  expires_at: Date | null;
}

export interface TriggerDocument {
  _id: string;
  name: string;
  condition: TriggerCondition;
  url: string;
  format: TriggerFormat;
  active: boolean;
  secrets: TriggerSecret[];
  created_at: Date;
  updated_at: Date;
}

export const TRIGGERS_COLLECTION = 'triggers';

export const TriggerSchema = new Schema<TriggerDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    condition: { type: Schema.Types.Mixed, required: true },
    url: { type: String, required: true },
    format: { type: String, required: true },
    active: { type: Boolean, required: true },
    secrets: { type: Schema.Types.Mixed, required: true },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { collection: TRIGGERS_COLLECTION, versionKey: false },
);

/**
 * One firing of a trigger for a lead and its delivery. The _id is derived from (trigger, lead, n), so recording the
 * same firing again (a re-fold, a retried job, another worker) is a duplicate key, never a second delivery.
 * Written by the scoring partition that found it (insert only), then by the delivery job of its current attempt.
 */
export interface DeliveryDocument {
  _id: string;
  trigger_id: string;
  lead_key: string;
  lead_id: string;
  status: DeliveryStatus;
  firing: Firing;
  lead: DeliveryLead;
  attempts: (Omit<DeliveryAttempt, 'at'> & { at: Date })[];
  next_attempt_at: Date | null;
  /** Set by a retry by hand: the 24 h of automatic retries count from it instead of from the first attempt. */
  retry_window_from?: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const DELIVERIES_COLLECTION = 'trigger_deliveries';

export const DeliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    trigger_id: { type: String, required: true },
    lead_key: { type: String, required: true },
    lead_id: { type: String, required: true },
    status: { type: String, required: true },
    firing: { type: Schema.Types.Mixed, required: true },
    lead: { type: Schema.Types.Mixed, required: true },
    attempts: { type: Schema.Types.Mixed, default: [] },
    next_attempt_at: { type: Date, default: null },
    retry_window_from: { type: Date, default: null },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { collection: DELIVERIES_COLLECTION, versionKey: false, minimize: false },
);

// A trigger's deliveries page (GET /api/triggers/:id/deliveries): equality on trigger_id is what FerretDB pushes down.
DeliverySchema.index({ trigger_id: 1, created_at: -1 });
// A lead's firings (GET /api/leads/:id/firings).
DeliverySchema.index({ lead_key: 1 });
// The reconciler's due deliveries (status pending).
DeliverySchema.index({ status: 1 });

export function toDelivery(document: DeliveryDocument): Delivery {
  return {
    id: document._id,
    trigger_id: document.trigger_id,
    lead_id: document.lead_id,
    status: document.status,
    firing: document.firing,
    lead: document.lead,
    attempts: document.attempts.map((attempt) => ({ ...attempt, at: new Date(attempt.at).toISOString() })),
    next_attempt_at: document.next_attempt_at ? new Date(document.next_attempt_at).toISOString() : null,
    created_at: new Date(document.created_at).toISOString(),
    updated_at: new Date(document.updated_at).toISOString(),
  };
}
