/** Socket.io events are coalesced so that a client gets at most one message per event name per window. */
export const COALESCE_WINDOW_MS = 100;

/**
 * Buffers updates of one event name and flushes them at most once per window: the first update after a quiet
 * window goes out at once (low latency), later ones wait for the window to end. Keyed updates keep only the latest
 * per key (a lead, an upload, a ruleset version), so a flush carries the newest state of everything that changed.
 */
export class Coalescer<T> {
  private readonly pending = new Map<string, T>();
  private lastFlush = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly keyOf: (payload: T) => string,
    private readonly flush: (payloads: T[]) => void,
  ) {}

  push(payload: T): void {
    const key = this.keyOf(payload);
    // Re-inserting moves the key to the end: a flush lists leads in the order of their latest change.
    this.pending.delete(key);
    this.pending.set(key, payload);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.windowMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastFlush = Date.now();
      const payloads = [...this.pending.values()];
      this.pending.clear();
      if (payloads.length > 0) this.flush(payloads);
    }, wait);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
