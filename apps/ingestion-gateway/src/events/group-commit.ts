export interface GroupCommitOptions {
  /** How long the first item of a group waits for others to join it. */
  windowMs: number;
  /** A group that reaches this many items is committed at once (a single larger submission is never split). */
  maxItems: number;
  /** Groups being committed at the same time; submissions arriving meanwhile gather into the next group. */
  maxInFlight: number;
}

interface Submission<I, O> {
  items: I[];
  resolve(outcomes: O[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent callers' items are committed together by one call of `commit`, and each caller gets
 * the outcomes of its own items (or the commit's error). Under load a storage commit per request is what limits
 * ingestion; gathered for a few milliseconds, a hundred requests cost one.
 */
export class GroupCommit<I, O> {
  private waiting: Submission<I, O>[] = [];
  private waitingItems = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly commit: (items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(items: I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.waitingItems += items.length;
      if (this.inFlight >= this.options.maxInFlight) return; // the running commit starts the next group when it ends
      if (this.waitingItems >= this.options.maxItems || this.options.windowMs <= 0) this.startGroup();
      else this.timer ??= setTimeout(() => this.startGroup(), this.options.windowMs);
    });
  }

  private startGroup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const group: Submission<I, O>[] = [];
    let size = 0;
    while (this.waiting.length > 0 && (group.length === 0 || size + this.waiting[0].items.length <= this.options.maxItems)) {
      const submission = this.waiting.shift() as Submission<I, O>;
      group.push(submission);
      size += submission.items.length;
    }
    this.waitingItems -= size;
    this.inFlight += 1;
    void this.run(group).finally(() => {
      this.inFlight -= 1;
      // Whoever gathered meanwhile has waited a whole commit already: no second window for them.
      this.startGroup();
    });
    // What did not fit goes on in a group of its own while this one commits.
    if (this.waiting.length > 0) this.startGroup();
  }

  private async run(group: Submission<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.commit(group.flatMap((submission) => submission.items));
      let offset = 0;
      for (const submission of group) {
        submission.resolve(outcomes.slice(offset, offset + submission.items.length));
        offset += submission.items.length;
      }
    } catch (error) {
      for (const submission of group) submission.reject(error);
    }
  }
}
