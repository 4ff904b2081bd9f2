import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

export const REDIS_PROBE = Symbol('REDIS_PROBE');

/** Readiness of Redis: a PING on a connection that fails at once, instead of queueing, while Redis is away. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  readonly name = 'redis';

  constructor(@Inject(REDIS_PROBE) private readonly redis: Redis) {}

  async check(): Promise<void> {
    const reply = await this.redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
