import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import Redis from 'ioredis';
import { AccountStore } from './account.store';
import { DeliveryReceiptsStore } from './delivery-receipts.store';
import { LeaderboardStore } from './leaderboard.store';
import { LeadListIndex } from './lead-list.index';
import { MongoHealthIndicator } from './mongo-health.indicator';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from './persistence.options';
import { RulesetSeeder } from './ruleset.seeder';
import { AnalyticsRollupRepository } from './repositories/analytics-rollup.repository';
import { EventRepository } from './repositories/event.repository';
import { LeadAliasRepository } from './repositories/lead-alias.repository';
import { LeadRepository } from './repositories/lead.repository';
import { RulesetRepository } from './repositories/ruleset.repository';
import { ScoreHistoryRepository } from './repositories/score-history.repository';
import { UploadRepository } from './repositories/upload.repository';
import { DeliveryRepository } from './repositories/delivery.repository';
import { TriggerRepository } from './repositories/trigger.repository';
import { PartitionLayoutRepository } from './repositories/partition-layout.repository';
import { ANALYTICS_ROLLUPS_COLLECTION, AnalyticsRollupSchema, ROLLUP_RECOUNTS_COLLECTION, RollupRecountSchema } from './schemas/analytics-rollup.schema';
import { EVENTS_COLLECTION, EventSchema, PENDING_EVENTS_COLLECTION, PendingEntrySchema } from './schemas/event.schema';
import { LEAD_ALIASES_COLLECTION, LeadAliasSchema } from './schemas/lead-alias.schema';
import { LEADS_COLLECTION, LeadSchema } from './schemas/lead.schema';
import { RULES_COLLECTION, RULESET_VERSIONS_COLLECTION, RuleSchema, RulesetVersionSchema, SETTINGS_COLLECTION, SettingsSchema } from './schemas/ruleset.schema';
import { SCORE_HISTORY_COLLECTION, ScoreHistorySchema } from './schemas/score-history.schema';
import { UPLOADS_COLLECTION, UploadSchema } from './schemas/upload.schema';
import { PARTITION_LAYOUT_COLLECTION, PartitionLayoutSchema } from './schemas/partition-layout.schema';
import { DELIVERIES_COLLECTION, DeliverySchema, TRIGGERS_COLLECTION, TriggerSchema } from './schemas/trigger.schema';

const repositories = [AnalyticsRollupRepository, EventRepository, LeadRepository, LeadAliasRepository, ScoreHistoryRepository, RulesetRepository, UploadRepository, TriggerRepository, DeliveryRepository, PartitionLayoutRepository];

@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        MongooseModule.forRoot(options.mongoUri, {
          // Fail fast instead of queueing writes while the server is away: a 202 must mean "stored", and a
          // request must get its 503 in seconds, not hang.
          bufferCommands: false,
          serverSelectionTimeoutMS: 3000,
          connectTimeoutMS: 3000,
          // FerretDB may hold two PostgreSQL connections for one update; more operations in flight than half its
          // pool (50) can leave every connection waiting for another, and FerretDB hangs.
          maxPoolSize: options.mongoPoolSize,
        }),
        MongooseModule.forFeature([
          { name: EVENTS_COLLECTION, schema: EventSchema },
          { name: PENDING_EVENTS_COLLECTION, schema: PendingEntrySchema },
          { name: LEADS_COLLECTION, schema: LeadSchema },
          { name: LEAD_ALIASES_COLLECTION, schema: LeadAliasSchema },
          { name: SCORE_HISTORY_COLLECTION, schema: ScoreHistorySchema },
          { name: RULES_COLLECTION, schema: RuleSchema },
          { name: SETTINGS_COLLECTION, schema: SettingsSchema },
          { name: RULESET_VERSIONS_COLLECTION, schema: RulesetVersionSchema },
          { name: UPLOADS_COLLECTION, schema: UploadSchema },
          { name: ANALYTICS_ROLLUPS_COLLECTION, schema: AnalyticsRollupSchema },
          { name: ROLLUP_RECOUNTS_COLLECTION, schema: RollupRecountSchema },
          { name: TRIGGERS_COLLECTION, schema: TriggerSchema },
          { name: DELIVERIES_COLLECTION, schema: DeliverySchema },
          { name: PARTITION_LAYOUT_COLLECTION, schema: PartitionLayoutSchema },
        ]),
      ],
      providers: [
        { provide: PERSISTENCE_OPTIONS, useValue: options },
        {
          provide: READ_MODEL_REDIS,
          // No offline queue: while Redis is down a write fails at once and the job is retried later.
          useFactory: () => {
            const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
            // Outages surface through failing calls (jobs retry) and readiness; ioredis reconnects by itself.
            client.on('error', () => undefined);
            return client;
          },
        },
        ...repositories,
        LeaderboardStore,
        DeliveryReceiptsStore,
        AccountStore,
        LeadListIndex,
        MongoHealthIndicator,
        ...(options.seedDefaults ? [RulesetSeeder] : []),
      ],
      exports: [...repositories, LeaderboardStore, DeliveryReceiptsStore, AccountStore, LeadListIndex, MongoHealthIndicator],
    };
  }
}
