import { DynamicModule, Module } from '@nestjs/common';
import { MongoHealthIndicator, PersistenceModule } from '@lead-scoring/persistence';
import { QueueModule, RedisHealthIndicator } from '@lead-scoring/queue';
import { ApiKeys, RuntimeModule, redisUrlOf } from '@lead-scoring/runtime';
import { RealtimeConfig } from './config';
import { LeaderboardController } from './leads/leaderboard.controller';
import { LeadsController } from './leads/leads.controller';
import { LeadUpdatesProcessor } from './live/lead-updates.processor';
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
        PersistenceModule.forRoot({ mongoUri: config.MONGO_URI, redisUrl, keyPrefix: config.QUEUE_PREFIX }),
        QueueModule.forRoot({ redisUrl, prefix: config.QUEUE_PREFIX, partitions: config.SCORING_PARTITIONS }),
      ],
      controllers: [LeadsController, LeaderboardController, SystemController],
      providers: [LiveGateway, LeadUpdatesProcessor],
    };
  }
}
