import { ErrorDetail } from '@lead-scoring/contracts';

export const MAX_BATCH_EVENTS = 1000;

/** The events of a batch body: `{"events": [...]}` or a bare array. */
export function eventsOfBatch(body: unknown): { items: unknown[] } | { error: ErrorDetail } {
  const items = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(items)) {
    return { error: { field: 'events', message: 'must be an array of events (or send a bare JSON array)' } };
  }
  if (items.length === 0) return { error: { field: 'events', message: 'must contain at least one event' } };
  if (items.length > MAX_BATCH_EVENTS) {
    return { error: { field: 'events', message: `must contain at most ${MAX_BATCH_EVENTS} events (got ${items.length})` } };
  }
  return { items };
}
