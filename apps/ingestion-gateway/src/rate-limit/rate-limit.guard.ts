import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import Redis from 'ioredis';
import { FAIL_FAST_REDIS, QUEUE_OPTIONS, QueueOptions } from '@lead-scoring/queue';
import { API_KEYS, ApiError, ApiKeys, presentedKey, requiredKeyScope } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from '../config';
import { DEFAULT_WEBHOOK_SOURCE } from '../webhooks/webhook-secrets';
import { WEBHOOK_SOURCE_LIMIT_METADATA, rateLimitBucket } from './rate-limit-bucket';

/**
 * Requests per second per caller (see rateLimitBucket), counted in Redis so that the limit holds across gateway
 * instances. Fixed one-second windows: cheap (one INCR) and good enough to stop a runaway sender.
 *
 * A global guard of the gateway, registered before the API-key guard (AppModule), so that it also counts the
 * requests that will be refused for want of a key: a flood of unauthenticated requests is limited per address
 * like any other. It covers every route that needs a key and the webhook routes; health, metrics and the API
 * docs are not limited. When Redis is away the request goes on: ingestion answers 503 then anyway.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(FAIL_FAST_REDIS) private readonly redis: Redis,
    @Inject(QUEUE_OPTIONS) private readonly queueOptions: QueueOptions,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(API_KEYS) private readonly keys: ApiKeys,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.config.RATE_LIMIT_PER_SECOND;
    if (limit === 0 || context.getType() !== 'http') return true;
    const perWebhookSource = this.reflector.getAllAndOverride<boolean | undefined>(WEBHOOK_SOURCE_LIMIT_METADATA, [context.getHandler(), context.getClass()]);
    if (!perWebhookSource && !requiredKeyScope(this.reflector, context)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const key = presentedKey(request.headers);
    const urlSource: unknown = request.params['source'];
    const { bucket, who } = rateLimitBucket({
      webhookSource: perWebhookSource ? (typeof urlSource === 'string' ? urlSource : DEFAULT_WEBHOOK_SOURCE) : undefined,
      validKey: key !== undefined && this.keys.accepts('ingest', key) ? key : undefined,
      clientAddress: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    });
    const second = Math.floor(Date.now() / 1000);
    const counterKey = `${this.queueOptions.prefix}:ratelimit:${createHash('sha256').update(bucket).digest('hex').slice(0, 16)}:${second}`;
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
      throw new ApiError(429, 'rate_limited', `more than ${limit} requests per second ${who}; slow down or batch events`, undefined, {
        'Retry-After': '1',
      });
    }
    return true;
  }
}
