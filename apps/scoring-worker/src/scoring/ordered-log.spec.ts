import { EventDocument } from '@lead-scoring/persistence';
import { inEventOrder } from './ordered-log';

function event(event_id: string, bytes = 0): EventDocument {
  return {
    event_id, key_source: 'client', lead_key: 'a@x.io', event_type: 'PAGE_VIEW', source: 'api',
    timestamp: new Date('2026-01-01T00:00:00Z'), received_at: new Date(), metadata: bytes > 0 ? { padding: 'x'.repeat(bytes) } : {},
  };
}

async function* streamOf(events: EventDocument[]): AsyncGenerator<EventDocument> {
  for (const e of events) yield e;
}

async function chunksOf(events: EventDocument[], order: string[], chunkBytes: number): Promise<string[][]> {
  const chunks: string[][] = [];
  for await (const chunk of inEventOrder(streamOf(events), order, chunkBytes)) chunks.push(chunk.map((e) => e.event_id));
  return chunks;
}

describe('inEventOrder', () => {
  it('hands out the named events in the order given, whatever order the stream has', async () => {
    const events = ['c', 'a', 'd', 'b'].map((id) => event(id));
    expect((await chunksOf(events, ['a', 'b', 'c', 'd'], 1 << 20)).flat()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips events not named: held back, or stored after the order was read', async () => {
    const events = ['a', 'held', 'b', 'newer'].map((id) => event(id));
    expect(await chunksOf(events, ['a', 'b'], 1 << 20)).toEqual([['a', 'b']]);
  });

  it('cuts chunks of about chunkBytes of events, each in order after the one before', async () => {
    // 512 bytes are counted per event beside its metadata: each of these is counted at about 1.5 KB.
    const events = Array.from({ length: 10 }, (_, i) => event(`e${i}`, 1000));
    const chunks = await chunksOf(events, events.map((e) => e.event_id), 3000);
    expect(chunks).toEqual([['e0', 'e1'], ['e2', 'e3'], ['e4', 'e5'], ['e6', 'e7'], ['e8', 'e9']]);
  });

  it('fails when a named event never comes, rather than fold a log with a hole', async () => {
    await expect(chunksOf([event('a')], ['a', 'b'], 1 << 20)).rejects.toThrow('1 events of the log were missing');
  });
});
