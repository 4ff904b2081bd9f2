import { DynamicModule, Module } from '@nestjs/common';
import { MongoHealthIndicator, PersistenceModule } from '@lead-scoring/persistence';
import { QueueModule, RedisHealthIndicator } from '@lead-scoring/queue';
import { ApiKeys, RuntimeModule, redisUrlOf } from '@lead-scoring/runtime';
import { RealtimeConfig } from './config';
import { AccountsController } from './accounts/accounts.controller';
import { AnalyticsController } from './analytics/analytics.controller';
import { AnalyticsReadsService } from './analytics/analytics-reads.service';
import { LeaderboardController } from './leads/leaderboard.controller';
import { LeadsController } from './leads/leads.controller';
import { LeadUpdatesProcessor } from './live/lead-updates.processor';
import { LeadIndexUpgrader } from './leads/lead-index.upgrader';
import { LiveGateway } from './live/live.gateway';
import { SystemController } from './system/system.controller';

@Module({})
export class AppModule {
  static register(config: RealtimeConfig): DynamicModule {
    const redisUrl = redisUrlOf(config);
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot({
          service: 'realtime-gateway',
          logLevel: config.LOG_LEVEL,
          readinessChecks: [MongoHealthIndicator, RedisHealthIndicator],
          apiKeys: new ApiKeys({ admin: config.ADMIN_API_KEYS }),
        }),
        PersistenceModule.forRoot({ mongoUri: config.MONGO_URI, mongoPoolSize: config.MONGO_POOL_SIZE, updatesPerCommand: config.MONGO_UPDATES_PER_COMMAND, redisUrl, keyPrefix: config.QUEUE_PREFIX }),
        QueueModule.forRoot({ redisUrl, prefix: config.QUEUE_PREFIX, partitions: config.SCORING_PARTITIONS }),
      ],
      controllers: [LeadsController, LeaderboardController, AccountsController, AnalyticsController, SystemController],
      providers: [AnalyticsReadsService, LiveGateway, LeadUpdatesProcessor, LeadIndexUpgrader],
    };
  }
}
