import { createHash, randomUUID } from 'node:crypto';
import { NormalizedEvent, canonicalJson } from '@lead-scoring/contracts';
import { EventKeySource } from '@lead-scoring/persistence';

export interface EventKey {
  event_id: string;
  key_source: EventKeySource;
}

/**
 * The idempotency key of an event (SPEC.md): its event_id; else the request's Idempotency-Key; else, when the
 * sender stamped it, a hash of its content (the same event re-sent is recognised); else a fresh id.
 */
export function eventKeyFor(event: NormalizedEvent, idempotencyKey?: string): EventKey {
  if (event.event_id) return { event_id: event.event_id, key_source: 'client' };
  if (idempotencyKey) return { event_id: idempotencyKey, key_source: 'header' };
  if (event.timestamp) return { event_id: contentKey(event), key_source: 'content' };
  return { event_id: `evt_${randomUUID().replace(/-/g, '')}`, key_source: 'server' };
}

function contentKey(event: NormalizedEvent): string {
  const { event_type, source, timestamp, metadata } = event;
  const digest = createHash('sha256').update(canonicalJson({ event_type, source, timestamp, metadata })).digest('hex');
  return `sha256_${digest.slice(0, 40)}`;
}
