/**
 * A bounded set of the most recently added ids: once full, adding one forgets the one added (or re-added) longest
 * ago. Used for facts that never become false, so forgetting one only costs the read that re-establishes it.
 */
export class RecentIds {
  // A Map keeps insertion order: its first key is the oldest.
  private readonly ids = new Map<string, true>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  addAll(ids: Iterable<string>): void {
    for (const id of ids) {
      this.ids.delete(id);
      this.ids.set(id, true);
      if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value as string);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
