import { EventDocument, approximateEventBytes } from '@lead-scoring/persistence';

/**
 * The events named by `order` (ids in the engine's event order), taken from a stream of the lead's log and handed
 * out in that order, in chunks of about `chunkBytes`: a log too large to hold is folded a chunk at a time. The
 * stream comes in the server's event order, which agrees with the engine's but for ids of equal timestamps that
 * the two collate differently; an event that comes early waits until its turn. Events not named (held back, or
 * stored after `order` was read) are skipped. Throws if the stream ends before every named event came.
 */
export async function* inEventOrder(events: AsyncIterable<EventDocument>, order: readonly string[], chunkBytes: number): AsyncGenerator<EventDocument[]> {
  const wanted = new Set(order);
  const early = new Map<string, EventDocument>();
  let next = 0;
  let chunk: EventDocument[] = [];
  let bytes = 0;
  for await (const event of events) {
    if (!wanted.has(event.event_id)) continue;
    early.set(event.event_id, event);
    for (let ready = early.get(order[next]); ready; ready = early.get(order[next])) {
      early.delete(order[next]);
      next += 1;
      chunk.push(ready);
      bytes += approximateEventBytes(ready.metadata);
      if (bytes >= chunkBytes) {
        yield chunk;
        chunk = [];
        bytes = 0;
      }
    }
  }
  if (next < order.length) throw new Error(`${order.length - next} events of the log were missing when it was read again`);
  if (chunk.length > 0) yield chunk;
}
