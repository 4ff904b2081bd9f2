import { AnalyticsRollupRepository } from '@lead-scoring/persistence';
import { ScoringProducer } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';
import { RollupRecounts } from './rollup-recounts';

/** The marks as stored, a read of them that waits until let go, and the recounts asked for. */
class StoredMarks {
  readonly marks = new Set<number>();
  readonly recounted: number[] = [];
  private letGo: (() => void) | null = null;

  readonly repository = {
    markForRecount: async (partition: number) => void this.marks.add(partition),
    partitionsToRecount: async () => {
      const read = [...this.marks];
      await new Promise<void>((resolve) => (this.letGo = resolve));
      return read;
    },
    recount: async (partition: number) => {
      this.recounted.push(partition);
      this.marks.delete(partition);
      return { deferred: null };
    },
  };

  finishRead(): void {
    this.letGo?.();
  }
}

const PARTITIONS = 4;
const recountsOver = (stored: StoredMarks) =>
  new RollupRecounts(stored.repository as unknown as AnalyticsRollupRepository, { partitionOf: () => 0, partitionQueues: { length: PARTITIONS } } as unknown as ScoringProducer, new Metrics());

describe('RollupRecounts', () => {
  it('keeps a mark made while the stored marks were being read', async () => {
    const stored = new StoredMarks();
    const recounts = recountsOver(stored);
    const refreshed = recounts.refresh();
    await recounts.mark(2);
    stored.finishRead();
    expect(await refreshed).toEqual([]);
    await recounts.settle(2);
    expect(stored.recounted).toEqual([2]);
  });

  it('drops a mark that another process cleared, and takes one it made', async () => {
    const stored = new StoredMarks();
    const recounts = recountsOver(stored);
    await recounts.mark(1);
    stored.marks.delete(1);
    stored.marks.add(3);
    const refreshed = recounts.refresh();
    stored.finishRead();
    expect(await refreshed).toEqual([3]);
    await recounts.settle(1);
    await recounts.settle(3);
    expect(stored.recounted).toEqual([3]);
  });

  it('leaves the marks of partitions this worker does not have (a higher count marked them) to the count change', async () => {
    const stored = new StoredMarks();
    const recounts = recountsOver(stored);
    stored.marks.add(1);
    stored.marks.add(PARTITIONS);
    stored.marks.add(PARTITIONS + 1);
    const refreshed = recounts.refresh();
    stored.finishRead();
    expect(await refreshed).toEqual([1]);
  });
});
