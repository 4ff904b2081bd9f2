import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** A Redis client without an offline queue: while Redis is away its commands fail at once instead of waiting. */
export const FAIL_FAST_REDIS = Symbol('FAIL_FAST_REDIS');

/** Readiness of Redis: a PING on a connection that fails at once, instead of queueing, while Redis is away. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  readonly name = 'redis';

  constructor(@Inject(FAIL_FAST_REDIS) private readonly redis: Redis) {}

  async check(): Promise<void> {
    const reply = await this.redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
