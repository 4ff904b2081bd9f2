import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import Redis from 'ioredis';
import { FAIL_FAST_REDIS, QUEUE_OPTIONS, QueueOptions } from '@lead-scoring/queue';
import { ApiError, presentedKey } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from '../config';

/**
 * Requests per API key per second, counted in Redis so that the limit holds across gateway instances.
 * Fixed one-second windows: cheap (one INCR) and good enough to stop a runaway sender.
 * When Redis is away the request goes on: ingestion answers 503 then anyway.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(FAIL_FAST_REDIS) private readonly redis: Redis,
    @Inject(QUEUE_OPTIONS) private readonly queueOptions: QueueOptions,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.config.RATE_LIMIT_PER_SECOND;
    if (limit === 0) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const key = presentedKey(request.headers) ?? `ip:${request.ip}`;
    const second = Math.floor(Date.now() / 1000);
    const counterKey = `${this.queueOptions.prefix}:ratelimit:${createHash('sha256').update(key).digest('hex').slice(0, 16)}:${second}`;
    let count: number;
    try {
      const results = await this.redis.multi().incr(counterKey).expire(counterKey, 2).exec();
      count = Number(results?.[0]?.[1] ?? 0);
    } catch {
      return true;
    }
    const response = http.getResponse<Response>();
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count)));
    if (count > limit) {
      throw new ApiError(429, 'rate_limited', `more than ${limit} requests per second with this key; slow down or batch events`, undefined, {
        'Retry-After': '1',
      });
    }
    return true;
  }
}
