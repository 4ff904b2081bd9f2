/** Which waiters get a freed place first: every `high` one before any `low` one. */
export type Priority = 'high' | 'low';

/**
 * At most `limit` tasks at once; the others wait, `high` before `low`, each priority in arrival order. A finished
 * task hands its place straight to the next waiter, so a newcomer cannot slip in between.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: Record<Priority, (() => void)[]> = { high: [], low: [] };

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>, priority: Priority = 'high'): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.high.shift() ?? this.waiting.low.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
