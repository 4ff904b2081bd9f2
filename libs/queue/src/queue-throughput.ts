import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { QueueThroughput as QueueThroughputFigures } from '@lead-scoring/contracts';
import { QUEUE_OPTIONS, QueueOptions } from './queue.options';
import { FAIL_FAST_REDIS } from './redis-health.indicator';

const MINUTE_MS = 60_000;
/** Minutes reported, and kept in Redis a little longer. */
export const THROUGHPUT_MINUTES = 15;

/**
 * Work done per minute for each queue, in the unit that means something for it (events folded, updates delivered,
 * leads re-scored), counted by the processes that do it in one Redis counter per queue and minute: every worker
 * and gateway instance adds to the same counters. A job count would mislead here, as one scoring job may fold the
 * leads of fifty others.
 */
@Injectable()
export class QueueThroughput {
  constructor(
    @Inject(FAIL_FAST_REDIS) private readonly redis: Redis,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  /** Best effort: a lost count must not fail the work it counts. */
  async record(queue: string, count: number): Promise<void> {
    if (count <= 0) return;
    const key = this.keyOf(queue, Math.floor(Date.now() / MINUTE_MS));
    await this.redis
      .multi()
      .incrby(key, count)
      .expire(key, (THROUGHPUT_MINUTES + 1) * 60)
      .exec()
      .catch(() => undefined);
  }

  /** The last THROUGHPUT_MINUTES minutes, oldest first; the last one is the minute in progress. */
  async figures(queue: string, unit: string): Promise<QueueThroughputFigures> {
    const current = Math.floor(Date.now() / MINUTE_MS);
    const minutes = Array.from({ length: THROUGHPUT_MINUTES }, (_, i) => current - THROUGHPUT_MINUTES + 1 + i);
    const counts = await this.redis.mget(minutes.map((minute) => this.keyOf(queue, minute)));
    return { unit, per_minute: counts.map((count) => Number(count ?? 0)) };
  }

  private keyOf(queue: string, minute: number): string {
    return `${this.options.prefix}:throughput:${queue}:${minute}`;
  }
}
