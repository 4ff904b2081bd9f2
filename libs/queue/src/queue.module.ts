import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { LEAD_UPDATES_QUEUE, RECOMPUTE_QUEUE, TRIGGER_DELIVERIES_QUEUE, scoringQueueName } from '@lead-scoring/contracts';
import { DeliveryProducer } from './delivery.producer';
import { LiveUpdatesProducer } from './live-updates.producer';
import { QueueInspector } from './queue-inspector';
import { QueueThroughput } from './queue-throughput';
import { RecomputeProducer } from './recompute.producer';
import { QUEUE_OPTIONS, QueueOptions } from './queue.options';
import { FAIL_FAST_REDIS, RedisHealthIndicator } from './redis-health.indicator';
import { createRedisClient } from './redis-client';
import { redisOptionsFromUrl } from './redis-options';
import { ScoringProducer } from './scoring.producer';

@Module({})
export class QueueModule {
  static forRoot(options: QueueOptions): DynamicModule {
    const redis = redisOptionsFromUrl(options.redisUrl);
    const queueNames = [
      ...Array.from({ length: options.partitions }, (_, partition) => scoringQueueName(partition)),
      LEAD_UPDATES_QUEUE,
      RECOMPUTE_QUEUE,
      TRIGGER_DELIVERIES_QUEUE,
    ];
    return {
      module: QueueModule,
      global: true,
      imports: [
        // BullMQ's workers need maxRetriesPerRequest null (their blocking commands wait out Redis restarts).
        BullModule.forRoot({ connection: { ...redis, maxRetriesPerRequest: null }, prefix: options.prefix }),
        BullModule.registerQueue(...queueNames.map((name) => ({ name }))),
      ],
      providers: [
        { provide: QUEUE_OPTIONS, useValue: options },
        // Readiness and rate limits ask on a connection without an offline queue: while Redis is away it fails at once.
        { provide: FAIL_FAST_REDIS, useFactory: () => createRedisClient('fail-fast client', { ...redis, enableOfflineQueue: false, maxRetriesPerRequest: 0 }) },
        ScoringProducer,
        LiveUpdatesProducer,
        RecomputeProducer,
        DeliveryProducer,
        QueueInspector,
        QueueThroughput,
        RedisHealthIndicator,
      ],
      exports: [BullModule, QUEUE_OPTIONS, FAIL_FAST_REDIS, ScoringProducer, LiveUpdatesProducer, RecomputeProducer, DeliveryProducer, QueueInspector, QueueThroughput, RedisHealthIndicator],
    };
  }
}
