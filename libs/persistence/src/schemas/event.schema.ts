import { Schema } from 'mongoose';

/** How the idempotency key of a stored event was obtained (kept for audits of duplicates). */
export type EventKeySource = 'client' | 'header' | 'content' | 'server';
export type EventState = 'pending' | 'scored';

export interface EventDocument {
  /** The idempotency key; see SPEC.md "Idempotency". */
  event_id: string;
  key_source: EventKeySource;
  lead_key: string;
  event_type: string;
  source: string;
  timestamp: Date;
  received_at: Date;
  metadata: Record<string, unknown>;
  email?: string;
  lead_id?: string;
  name?: string;
  company?: string;
  /** pending until a worker has folded the event into its lead; the reconciler re-enqueues stale pending ones. */
  state: EventState;
  /**
   * The scoring partition of its lead when it was stored, so that a worker reads its partition's backlog in one
   * query. Absent on events stored before it existed; those are found by lead (the reconciler's jobs).
   */
  partition?: number;
}

export const EVENTS_COLLECTION = 'events';

export const EventSchema = new Schema<EventDocument>(
  {
    event_id: { type: String, required: true },
    key_source: { type: String, required: true },
    lead_key: { type: String, required: true },
    event_type: { type: String, required: true },
    source: { type: String, required: true },
    timestamp: { type: Date, required: true },
    received_at: { type: Date, required: true },
    metadata: { type: Schema.Types.Mixed, required: true },
    email: String,
    lead_id: String,
    name: String,
    company: String,
    state: { type: String, required: true },
    partition: Number,
  },
  { collection: EVENTS_COLLECTION, versionKey: false, minimize: false, strict: true },
);

// Idempotency: an event key is stored once, forever. Duplicate inserts fail with code 11000.
EventSchema.index({ event_id: 1 }, { unique: true });
// A lead's log in event-time order (re-folds, lead timeline).
EventSchema.index({ lead_key: 1, timestamp: 1, event_id: 1 });
// Events accepted but not yet scored: a partition's backlog (what a scoring job reads) and the reconciler's scan
// for old ones. One index for both, as every index costs each insert and each "scored" mark.
EventSchema.index({ state: 1, partition: 1, received_at: 1 });
