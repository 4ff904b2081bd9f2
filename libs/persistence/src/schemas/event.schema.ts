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
  /**
   * Not stored: whether the event is still waiting in the pending inbox (see PendingEntry), as a worker that read
   * both sees it. Events stored by earlier versions carry a stored `state`, which nothing reads any more.
   */
  state?: EventState;
  /**
   * The scoring partition of its lead when it was stored, so that a worker reads its partition's backlog in one
   * query. Absent on events stored before it existed; those are found by lead (the reconciler's jobs).
   */
  partition?: number;
}

/** A stored event without its metadata: where it stands in its lead's log, and what its lead's profile takes from it. */
export type LoggedEvent = Omit<EventDocument, 'metadata'>;

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
    partition: Number,
  },
  { collection: EVENTS_COLLECTION, versionKey: false, minimize: false, strict: true },
);

// Idempotency: an event key is stored once, forever. Duplicate inserts fail with code 11000.
EventSchema.index({ event_id: 1 }, { unique: true });
// A lead's log in event-time order (re-folds, lead timeline).
EventSchema.index({ lead_key: 1, timestamp: 1, event_id: 1 });
/** The index that earlier versions kept for a `state` stored on every event; see EventRepository.adoptLegacyPending. */
export const LEGACY_STATE_INDEX = 'state_1_partition_1_received_at_1';

/**
 * The pending inbox: an entry per event stored but not yet folded into its lead (a copy of the event, so that a
 * scoring job reads its partition's backlog from this small collection alone), or a recheck marker (no `event`)
 * for an event sent again after it was stored, whose lead a worker must compare with its log. An entry is deleted
 * once its lead is written: scoring an event costs a delete from a small collection instead of an update of the
 * event (FerretDB applies updates one document at a time, and deletes in one statement).
 */
export interface PendingEntry {
  /** The event_id. */
  _id: string;
  lead_key: string;
  partition: number;
  received_at: Date;
  /** The stored event; absent on a recheck marker. */
  event?: EventDocument;
}

export const PENDING_EVENTS_COLLECTION = 'pending_events';

export const PendingEntrySchema = new Schema<PendingEntry>(
  {
    _id: { type: String, required: true },
    lead_key: { type: String, required: true },
    partition: { type: Number, required: true },
    received_at: { type: Date, required: true },
    event: { type: Schema.Types.Mixed, required: false },
  },
  { collection: PENDING_EVENTS_COLLECTION, versionKey: false, minimize: false },
);

// A partition's backlog (what a scoring job reads) and a named lead's pending events (recomputes, reconciler).
PendingEntrySchema.index({ partition: 1 });
PendingEntrySchema.index({ lead_key: 1 });
