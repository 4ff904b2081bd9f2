import { WorkerHost } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { MongoHealthIndicator, PersistenceModule } from '@lead-scoring/persistence';
import { QueueModule, RedisHealthIndicator, createRedisClient, redisOptionsFromUrl } from '@lead-scoring/queue';
import { RuntimeModule, redisUrlOf } from '@lead-scoring/runtime';
import { WORKER_CONFIG, WorkerConfig } from './config';
import { AccountRebuilder } from './accounts/account-rebuilder';
import { LeaderboardRebuilder } from './leaderboard/leaderboard-rebuilder';
import { RecomputeProcessor } from './recompute/recompute.processor';
import { PendingEventsReconciler } from './reconciler/pending-events.reconciler';
import { PartitionCountChange } from './reconciler/partition-count-change';
import { GonePartitionEntries } from './reconciler/gone-partition-entries';
import { RollupRecounts } from './analytics/rollup-recounts';
import { FinishedJobs } from './analytics/finished-jobs';
import { CurrentRuleset } from './scoring/current-ruleset';
import { PartitionConcurrency } from './scoring/partition-concurrency';
import { PartitionCountClaim } from './scoring/partition-count-claim';
import { partitionProcessors } from './scoring/partition.processor';
import { PartitionHandover } from './scoring/partition-handover';
import { REMEMBERED_LEAD_BYTES, RememberedLeads } from './scoring/remembered-leads';
import { ScoreLeadsUseCase } from './scoring/score-leads.usecase';
import { ScoringSlots } from './scoring/scoring-slots';
import { WorkerDrain } from './scoring/worker-drain';
import { CurrentTriggers } from './triggers/current-triggers';
import { DeliveryUpdatesBatcher } from './triggers/delivery-updates.batcher';
import { OverdueDeliveriesReconciler } from './triggers/overdue-deliveries.reconciler';
import { TriggerDeliveryProcessor } from './triggers/trigger-delivery.processor';

@Module({})
export class AppModule {
  static register(config: WorkerConfig): DynamicModule {
    const redisUrl = redisUrlOf(config);
    const processors = [...partitionProcessors(config.SCORING_PARTITIONS), RecomputeProcessor, TriggerDeliveryProcessor];
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot({
          service: 'scoring-worker',
          logLevel: config.LOG_LEVEL,
          readinessChecks: [MongoHealthIndicator, RedisHealthIndicator],
        }),
        PersistenceModule.forRoot({ mongoUri: config.MONGO_URI, mongoPoolSize: config.MONGO_POOL_SIZE, updatesPerCommand: config.MONGO_UPDATES_PER_COMMAND, redisUrl, keyPrefix: config.QUEUE_PREFIX, seedDefaults: true }),
        QueueModule.forRoot({ redisUrl, prefix: config.QUEUE_PREFIX, partitions: config.SCORING_PARTITIONS }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        CurrentRuleset,
        CurrentTriggers,
        DeliveryUpdatesBatcher,
        OverdueDeliveriesReconciler,
        ScoreLeadsUseCase,
        { provide: ScoringSlots, useFactory: () => new ScoringSlots(config.SCORING_CONCURRENCY) },
        PartitionHandover,
        { provide: RememberedLeads, useFactory: () => new RememberedLeads(REMEMBERED_LEAD_BYTES / config.SCORING_PARTITIONS) },
        RollupRecounts,
        FinishedJobs,
        PartitionConcurrency,
        {
          provide: PartitionCountClaim,
          // A connection of its own, with an offline queue: main.ts waits on it before anything else touches Redis.
          useFactory: () => new PartitionCountClaim(createRedisClient('partition count claim', { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: 1 }), config.QUEUE_PREFIX, config.SCORING_PARTITIONS),
        },
        PendingEventsReconciler,
        PartitionCountChange,
        GonePartitionEntries,
        LeaderboardRebuilder,
        AccountRebuilder,
        ...processors,
        { provide: WorkerDrain, useFactory: (slots: ScoringSlots, ...hosts: WorkerHost[]) => new WorkerDrain(hosts, slots), inject: [ScoringSlots, ...processors] },
      ],
    };
  }
}
