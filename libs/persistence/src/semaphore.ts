/** Which waiters get a freed place first: every `high` one before any `low` one. */
export type Priority = 'high' | 'low';

/** The error a waiting task gets from a closed semaphore: the task never ran. */
export class SemaphoreClosedError extends Error {
  constructor() {
    super('the semaphore is closed: the task did not run');
    this.name = 'SemaphoreClosedError';
  }
}

interface Waiter {
  start(): void;
  turnAway(): void;
}

/**
 * At most `limit` tasks at once; the others wait, `high` before `low`, each priority in arrival order. A finished
 * task hands its place straight to the next waiter, so a newcomer cannot slip in between.
 */
export class Semaphore {
  private running = 0;
  private closed = false;
  private readonly waiting: Record<Priority, Waiter[]> = { high: [], low: [] };

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>, priority: Priority = 'high'): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    else if (this.closed) throw new SemaphoreClosedError();
    else await new Promise<void>((start, reject) => this.waiting[priority].push({ start, turnAway: () => reject(new SemaphoreClosedError()) }));
    try {
      return await task();
    } finally {
      const next = this.waiting.high.shift() ?? this.waiting.low.shift();
      if (next) next.start();
      else this.running -= 1;
    }
  }

  /**
   * Turns every waiting task away, and from now on every task that would have to wait (each rejects with
   * SemaphoreClosedError without running); the running ones finish, and a task that finds a free place still runs.
   * Returns how many waiting tasks it turned away.
   */
  close(): number {
    this.closed = true;
    const waiters = [...this.waiting.high.splice(0), ...this.waiting.low.splice(0)];
    for (const waiter of waiters) waiter.turnAway();
    return waiters.length;
  }
}
