/** A document as this process last wrote it, with the revision it wrote it under. */
export interface KnownDocument<T> {
  document: T;
  revision: string;
}

/**
 * The documents this process wrote last, the least recently used dropped beyond `capacity`. A writer that owns a
 * document builds on its own last write instead of reading it back; the revision lets its next write check that
 * nobody else wrote in between (see AnalyticsRollupRepository.apply).
 */
export class RecentDocuments<T> {
  private readonly known = new Map<string, KnownDocument<T>>();

  constructor(private readonly capacity: number) {}

  get(id: string): KnownDocument<T> | undefined {
    const entry = this.known.get(id);
    if (entry) {
      // Most recently used last: Map keeps insertion order.
      this.known.delete(id);
      this.known.set(id, entry);
    }
    return entry;
  }

  set(id: string, entry: KnownDocument<T>): void {
    this.known.delete(id);
    this.known.set(id, entry);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value as string);
  }

  forget(id: string): void {
    this.known.delete(id);
  }

  get size(): number {
    return this.known.size;
  }
}
