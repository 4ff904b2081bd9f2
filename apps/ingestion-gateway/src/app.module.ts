import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongoHealthIndicator, PersistenceModule } from '@lead-scoring/persistence';
import { QueueModule, RedisHealthIndicator } from '@lead-scoring/queue';
import { ApiKeys, RuntimeModule, redisUrlOf } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from './config';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { EventsController } from './events/events.controller';
import { IngestEventsUseCase } from './events/ingest-events.usecase';
import { LeadKeyResolver } from './events/lead-key.resolver';
import { PartitionCountCheck } from './events/partition-count-check';
import { ChangeRulesetUseCase } from './rules/change-ruleset.usecase';
import { RulesController } from './rules/rules.controller';
import { SystemController } from './system/system.controller';
import { TriggersController } from './triggers/triggers.controller';
import { IdentifyController } from './identify/identify.controller';
import { IngestCsvUseCase } from './uploads/ingest-csv.usecase';
import { UploadProgressReporter } from './uploads/upload-progress.reporter';
import { UploadsController } from './uploads/uploads.controller';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class AppModule {
  static register(config: IngestionConfig): DynamicModule {
    const redisUrl = redisUrlOf(config);
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot({
          service: 'ingestion-gateway',
          logLevel: config.LOG_LEVEL,
          readinessChecks: [MongoHealthIndicator, RedisHealthIndicator],
          apiKeys: new ApiKeys({ ingest: config.INGEST_API_KEYS, admin: config.ADMIN_API_KEYS }),
        }),
        PersistenceModule.forRoot({ mongoUri: config.MONGO_URI, mongoPoolSize: config.MONGO_POOL_SIZE, updatesPerCommand: config.MONGO_UPDATES_PER_COMMAND, redisUrl, keyPrefix: config.QUEUE_PREFIX, seedDefaults: true }),
        QueueModule.forRoot({ redisUrl, prefix: config.QUEUE_PREFIX, partitions: config.SCORING_PARTITIONS }),
      ],
      controllers: [EventsController, IdentifyController, UploadsController, WebhooksController, RulesController, TriggersController, SystemController],
      providers: [
        // Global guards run in the order Nest registers them, this module's before those of RuntimeModule (its
        // import): the rate limit is charged before the API-key check, so refused requests count too.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: INGESTION_CONFIG, useValue: config }, IngestEventsUseCase, LeadKeyResolver, IngestCsvUseCase, UploadProgressReporter, ChangeRulesetUseCase, PartitionCountCheck],
    };
  }
}
