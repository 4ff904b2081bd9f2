import { NormalizedEvent } from '@lead-scoring/contracts';
import { eventKeyFor } from './event-key';

const base: NormalizedEvent = { event_type: 'PAGE_VIEW', source: 'api', metadata: { email: 'a@b.io', url: '/x' } };

describe('eventKeyFor', () => {
  it('prefers event_id, then the Idempotency-Key header', () => {
    expect(eventKeyFor({ ...base, event_id: 'e1' }, 'h1')).toEqual({ event_id: 'e1', key_source: 'client' });
    expect(eventKeyFor(base, 'h1')).toEqual({ event_id: 'h1', key_source: 'header' });
  });

  it('derives the same key from the same stamped content, whatever the metadata key order', () => {
    const stamped = { ...base, timestamp: '2026-01-01T00:00:00.000Z' };
    const reordered = { ...stamped, metadata: { url: '/x', email: 'a@b.io' } };
    const key = eventKeyFor(stamped);
    expect(key.key_source).toBe('content');
    expect(eventKeyFor(reordered)).toEqual(key);
    expect(eventKeyFor({ ...stamped, metadata: { ...stamped.metadata, url: '/y' } }).event_id).not.toBe(key.event_id);
  });

  it('gives every unstamped event without an id a fresh key', () => {
    const first = eventKeyFor(base);
    expect(first.key_source).toBe('server');
    expect(eventKeyFor(base).event_id).not.toBe(first.event_id);
  });
});
