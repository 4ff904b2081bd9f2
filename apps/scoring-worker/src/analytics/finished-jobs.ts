import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { FAIL_FAST_REDIS, QUEUE_OPTIONS, QueueOptions } from '@lead-scoring/queue';

/** How long a finished job is remembered: far longer than a dead attempt waits for its retry (minutes). */
const REMEMBERED_SECONDS = 24 * 3600;
/** A lead saved longer ago than this may carry a token no longer remembered (a margin under REMEMBERED_SECONDS). */
export const FINISHED_JOBS_HORIZON_MS = (REMEMBERED_SECONDS - 3600) * 1000;

/**
 * The scoring jobs that finished (their inbox entries deleted), by the token each saves its leads under
 * (LeadDocument.saved_by): a lead whose last job did not finish was saved by an attempt that died, and the rollups
 * may or may not count what that attempt folded. Kept in Redis, best effort both ways: a token that is lost, or
 * that cannot be read, counts as not finished, which costs a recount (RollupRecounts) and nothing else.
 */
@Injectable()
export class FinishedJobs {
  constructor(
    @Inject(FAIL_FAST_REDIS) private readonly redis: Redis,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  async add(token: string): Promise<void> {
    await this.redis.set(this.keyOf(token), '1', 'EX', REMEMBERED_SECONDS).catch(() => undefined);
  }

  /** Of these tokens, those not recorded as finished (all of them if Redis cannot be read): one round trip. */
  async unfinished(tokens: Iterable<string>): Promise<Set<string>> {
    const distinct = [...new Set(tokens)];
    if (distinct.length === 0) return new Set();
    const pipeline = this.redis.pipeline();
    for (const token of distinct) pipeline.exists(this.keyOf(token));
    const results = await pipeline.exec().catch(() => null);
    return new Set(distinct.filter((_, i) => {
      const [error, found] = results?.[i] ?? [null, 0];
      return error !== null || found !== 1;
    }));
  }

  private keyOf(token: string): string {
    return `${this.options.prefix}:finished-job:${token}`;
  }
}
